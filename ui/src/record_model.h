#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QList>
#include <QVariantMap>

// A list model whose rows are JSON-like maps and whose roles are named keys of those maps. The
// concrete models below name their roles (and what the daemon's JSON calls them) and fill their
// rows; QML binds to the role names. C++ code and tests use the role enums.
class RecordModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Replaces every row (one model reset).
    void setRows(QList<QVariantMap> rows);
    void appendRow(QVariantMap row);
    void clear();
    const QList<QVariantMap>& rows() const { return m_rows; }

    // The row as a map of role names, for QML code that needs a whole row (a delegate's action).
    Q_INVOKABLE QVariantMap get(int row) const;
    // The first row whose `role` equals `value`, or -1.
    Q_INVOKABLE int indexOf(const QString& role, const QVariant& value) const;

signals:
    void countChanged();

protected:
    // `keys[i]` is the role Qt::UserRole + 1 + i.
    explicit RecordModel(QList<QByteArray> keys, QObject* parent = nullptr);

private:
    QList<QByteArray> m_keys;
    QList<QVariantMap> m_rows;
};
