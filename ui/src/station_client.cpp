#include "station_client.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <algorithm>
#include <cmath>

namespace {

constexpr int kMaxBackoffMs = 5000;

QString reasonOf(QNetworkReply* reply, const QByteArray& body)
{
    // The daemon's errors are {"error": {"code", "message"}}.
    const auto doc = QJsonDocument::fromJson(body);
    const auto message = doc.object().value("error").toObject().value("message").toString();
    if (!message.isEmpty()) {
        return message;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    return status != 0 ? QStringLiteral("The station answered %1").arg(status)
                       : reply->errorString();
}

} // namespace

StationClient::StationClient(const QUrl& url, const QString& token, QObject* parent)
    : QObject(parent), m_url(url), m_authorization("Bearer " + token.toUtf8()),
      m_report(m_exercises), m_plan(m_exercises)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &StationClient::openSocket);
    connect(&m_socket, &QWebSocket::connected, this, [this] { m_backoffMs = 500; });
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        scheduleReconnect(m_socket.errorString().isEmpty()
                              ? QStringLiteral("The station closed the connection")
                              : m_socket.errorString());
    });
    connect(&m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            [this](QAbstractSocket::SocketError) { scheduleReconnect(m_socket.errorString()); });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &StationClient::onMessage);
}

StationClient::~StationClient()
{
    m_socket.disconnect(this);
    m_socket.abort();
}

void StationClient::start(const QString& problem)
{
    if (!problem.isEmpty()) {
        setStatus(Status::Error, problem);
        return;
    }
    openSocket();
}

void StationClient::setStatus(Status status, const QString& error)
{
    if (status == m_status && error == m_errorString) {
        return;
    }
    m_status = status;
    m_errorString = error;
    emit statusChanged();
}

void StationClient::openSocket()
{
    if (m_status != Status::Connecting && !m_tokenRefused) {
        setStatus(Status::Connecting, m_errorString);
    }
    QUrl live = m_url;
    live.setScheme(m_url.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                            : QStringLiteral("ws"));
    live.setPath(QStringLiteral("/api/v1/live"));
    QNetworkRequest request(live);
    request.setRawHeader("Authorization", m_authorization);
    m_socket.open(request);
}

void StationClient::scheduleReconnect(const QString& why)
{
    if (m_reconnect.isActive()) {
        return; // the error and the disconnection of one failure both land here
    }
    // Find out whether the daemon is there and refuses the token (a 401 on the upgrade does not
    // show through QWebSocket) or is away: the answer (or its absence) sets the banner.
    request("GET", QStringLiteral("/api/v1/state"), {}, [](const QJsonObject&) {});
    if (!m_tokenRefused) {
        setStatus(Status::Connecting,
                  QStringLiteral("The station is not answering (%1). Trying again…").arg(why));
    }
    // A refused token stays refused until someone fixes it: try again slowly.
    m_reconnect.start(m_tokenRefused ? 10000 : m_backoffMs);
    m_backoffMs = std::min(kMaxBackoffMs, m_backoffMs * 2);
}

void StationClient::request(const QByteArray& method, const QString& path, const QVariantMap& body,
                            Reply onSuccess)
{
    QUrl target = m_url;
    const auto q = path.indexOf(QLatin1Char('?'));
    target.setPath(q < 0 ? path : path.left(q));
    if (q >= 0) {
        target.setQuery(path.mid(q + 1));
    }
    QNetworkRequest req(target);
    req.setRawHeader("Authorization", m_authorization);
    req.setTransferTimeout(10000);
    QByteArray payload;
    if (method != "GET" && method != "DELETE") {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        payload = QJsonDocument(QJsonObject::fromVariantMap(body)).toJson(QJsonDocument::Compact);
    }
    auto* reply = m_network.sendCustomRequest(req, method, payload);
    ++m_pending;
    emit busyChanged();
    connect(reply, &QNetworkReply::finished, this, [this, reply, onSuccess = std::move(onSuccess)] {
        reply->deleteLater();
        --m_pending;
        emit busyChanged();
        const auto data = reply->readAll();
        const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (code == 401 || code == 403) {
            m_tokenRefused = true;
            setStatus(
                Status::Error,
                QStringLiteral("The station refused the token: %1").arg(reasonOf(reply, data)));
            return;
        }
        if (reply->error() != QNetworkReply::NoError) {
            if (code == 0) {
                return; // the daemon is away: the banner says so, the socket retries
            }
            m_lastError = reasonOf(reply, data);
            emit actionFailed(m_lastError);
            return;
        }
        onSuccess(QJsonDocument::fromJson(data).object());
    });
}

void StationClient::onMessage(const QString& text)
{
    const auto message = QJsonDocument::fromJson(text.toUtf8()).object();
    const auto type = message.value("type").toString();
    if (type == QLatin1String("force")) {
        applyForce(message);
    } else if (type == QLatin1String("state")) {
        applyState(message);
    } else if (type == QLatin1String("rep") || type == QLatin1String("step") ||
               type == QLatin1String("hold")) {
        applyMovement(message);
    } else if (type == QLatin1String("sensor")) {
        m_sensor = message.toVariantMap();
        emit sensorChanged();
    } else if (type == QLatin1String("hello")) {
        m_sensor = message.value("sensor").toObject().toVariantMap();
        emit sensorChanged();
        applyState(message.value("state").toObject());
        m_tokenRefused = false;
        setStatus(Status::Ready, {});
        request("GET", QStringLiteral("/api/v1/exercises"), {},
                [this](const QJsonObject& o) { m_exercises.load(o.value("exercises").toArray()); });
        refreshAthletes();
    } else if (type == QLatin1String("set_end")) {
        const auto setId = message.value("set_id").toInteger();
        loadReport(m_sessionId, setId);
        emit setEnded(setId);
        loadSummary();
    } else if (type == QLatin1String("session_end")) {
        const auto sessionId = message.value("session_id").toInteger();
        loadReport(sessionId, 0);
        emit sessionEnded(sessionId);
    }
}

void StationClient::applyState(const QJsonObject& state)
{
    m_stateJson = state;
    m_state = state.toVariantMap();
    m_phase = state.value("phase").toString();
    const auto session = state.value("session").toObject();
    m_sessionId = session.value("id").toInteger();
    if (const auto athlete = session.value("athlete_id").toInteger();
        athlete != 0 && athlete != m_athleteId) {
        selectAthlete(athlete); // a session started elsewhere (a coach's script)
    }
    const auto set = state.value("set").toObject();
    const auto setId = set.value("id").toInteger();
    if (setId != m_setId && setId != 0) {
        m_setId = setId;
        m_liveReps.clear();
        m_holdInZoneS = 0;
        m_direction = 0;
        m_directionSteps = 0;
        emit repsChanged();
    }
    const auto zone = set.value("zone").toObject();
    setZone(zone.value("low_n").toDouble(), zone.value("high_n").toDouble());
    emit stateChanged();
}

void StationClient::setZone(double low, double high)
{
    if (qFuzzyCompare(low + 1, m_zoneLow + 1) && qFuzzyCompare(high + 1, m_zoneHigh + 1)) {
        return;
    }
    m_zoneLow = low;
    m_zoneHigh = high;
    // The bar's scale: the zone sits at about 60-80 % of its height; rounded to 10 N.
    const double max = std::max(50.0, high > low ? high * 1.25 : m_displayMax);
    m_displayMax = std::ceil(max / 10.0) * 10.0;
    m_liveReps.setScaleMax(m_displayMax);
    emit zoneChanged();
    emit displayMaxChanged();
}

void StationClient::applyForce(const QJsonObject& frame)
{
    const auto samples = frame.value("samples").toArray();
    const bool holding = m_phase == QLatin1String("active") &&
                         m_stateJson.value("set").toObject().value("kind").toString() ==
                             QLatin1String("hold");
    for (const auto& v : samples) {
        const auto sample = v.toArray();
        const auto t = sample.at(0).toInteger();
        const auto f = sample.at(1);
        const double seconds = static_cast<double>(t) * 1e-9;
        if (f.isDouble()) {
            if (holding && m_lastSampleT > 0 && m_forceValid && inZone()) {
                m_holdInZoneS += std::min(0.5, seconds - m_lastSampleT);
            }
            m_force = f.toDouble();
            m_forceValid = true;
        } else {
            m_forceValid = false;
        }
        m_lastSampleT = seconds;
        m_trace.append(t, f.isDouble() ? f.toDouble() : std::nan(""));
    }
    if (m_forceValid && m_force > m_displayMax) {
        m_displayMax = std::ceil(m_force * 1.1 / 10.0) * 10.0;
        m_liveReps.setScaleMax(m_displayMax);
        emit displayMaxChanged();
    }
    m_trace.endFrame();
    emit forceChanged();
}

void StationClient::applyMovement(const QJsonObject& event)
{
    if (event.value("set_id").toInteger() != m_setId) {
        return;
    }
    m_liveReps.addRep(event);
    if (event.value("type").toString() == QLatin1String("step")) {
        const int direction = event.value("direction").toInt();
        if (direction != m_direction) {
            m_direction = direction;
            m_directionSteps = 0;
        }
        ++m_directionSteps;
    }
    ++m_repSerial;
    emit repsChanged();
}

bool StationClient::turnNow() const
{
    const auto s = set();
    return s.value("kind").toString() == QLatin1String("step") &&
           m_directionSteps >= s.value("target").toInt() && s.value("target").toInt() > 0;
}

bool StationClient::calibrated() const
{
    const auto list = m_state.value("calibrated").toList();
    return !list.isEmpty() &&
           std::all_of(list.begin(), list.end(), [](const QVariant& v) { return v.toBool(); });
}
