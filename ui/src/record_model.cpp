#include "record_model.h"

RecordModel::RecordModel(QList<QByteArray> keys, QObject* parent)
    : QAbstractListModel(parent), m_keys(std::move(keys))
{
}

int RecordModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant RecordModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const int key = role - Qt::UserRole - 1;
    if (key < 0 || key >= m_keys.size()) {
        return {};
    }
    return m_rows.at(index.row()).value(QString::fromLatin1(m_keys.at(key)));
}

QHash<int, QByteArray> RecordModel::roleNames() const
{
    QHash<int, QByteArray> names;
    for (int i = 0; i < m_keys.size(); ++i) {
        names.insert(Qt::UserRole + 1 + i, m_keys.at(i));
    }
    return names;
}

void RecordModel::setRows(QList<QVariantMap> rows)
{
    const bool countChanges = rows.size() != m_rows.size();
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    if (countChanges) {
        emit countChanged();
    }
}

void RecordModel::appendRow(QVariantMap row)
{
    const int at = static_cast<int>(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.append(std::move(row));
    endInsertRows();
    emit countChanged();
}

void RecordModel::clear()
{
    if (!m_rows.isEmpty()) {
        setRows({});
    }
}

QVariantMap RecordModel::get(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row) : QVariantMap();
}

int RecordModel::indexOf(const QString& role, const QVariant& value) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).value(role) == value) {
            return i;
        }
    }
    return -1;
}
