#include "launch_options.h"

#include <QCommandLineParser>
#include <QFile>

namespace {

// The first line of a token file, or an error naming the file.
QString readToken(const QString& path, QString& error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        error = QStringLiteral("Cannot read the token file %1: %2").arg(path, file.errorString());
        return {};
    }
    const auto token = QString::fromUtf8(file.readLine(4096)).trimmed();
    if (token.isEmpty()) {
        error = QStringLiteral("The token file %1 is empty").arg(path);
    }
    return token;
}

} // namespace

LaunchOptions resolveLaunchOptions(const QStringList& arguments,
                                   const QProcessEnvironment& environment,
                                   const QString& installedTokenFile)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The bandstation touchscreen"));
    parser.addHelpOption();
    const QCommandLineOption url(QStringLiteral("url"),
                                 QStringLiteral("The station's address (default %1, or "
                                                "BANDSTATION_URL)")
                                     .arg(QLatin1String(kDefaultUrl)),
                                 QStringLiteral("url"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
                                       QStringLiteral("A file holding a control token (else "
                                                      "BANDSTATION_TOKEN, else %1)")
                                           .arg(installedTokenFile),
                                       QStringLiteral("file"));
    const QCommandLineOption fullScreen(QStringLiteral("fullscreen"),
                                        QStringLiteral("Fill the screen (the station's kiosk)"));
    parser.addOptions({url, tokenFile, fullScreen});

    LaunchOptions options;
    if (!parser.parse(arguments)) {
        options.error = parser.errorText();
        return options;
    }
    options.fullScreen = parser.isSet(fullScreen);
    const auto address = parser.isSet(url) ? parser.value(url)
                         : environment.contains(QStringLiteral("BANDSTATION_URL"))
                             ? environment.value(QStringLiteral("BANDSTATION_URL"))
                             : QString::fromLatin1(kDefaultUrl);
    options.url = QUrl(address, QUrl::StrictMode);
    if (!options.url.isValid() ||
        (options.url.scheme() != QLatin1String("http") &&
         options.url.scheme() != QLatin1String("https")) ||
        options.url.host().isEmpty()) {
        options.error = QStringLiteral("The station's address '%1' is not an http:// or "
                                       "https:// URL")
                            .arg(address);
        options.url = QUrl(QString::fromLatin1(kDefaultUrl));
        return options;
    }

    if (parser.isSet(tokenFile)) {
        options.tokenOrigin = QStringLiteral("--token-file ") + parser.value(tokenFile);
        options.token = readToken(parser.value(tokenFile), options.error);
    } else if (const auto env = environment.value(QStringLiteral("BANDSTATION_TOKEN")).trimmed();
               !env.isEmpty()) {
        options.tokenOrigin = QStringLiteral("BANDSTATION_TOKEN");
        options.token = env;
    } else if (QFile::exists(installedTokenFile)) {
        options.tokenOrigin = installedTokenFile;
        options.token = readToken(installedTokenFile, options.error);
    } else {
        options.error = QStringLiteral("No access token. Create one on the station with "
                                       "'bandstation token create --scope control' and start "
                                       "the app with --token-file FILE or BANDSTATION_TOKEN.");
    }
    return options;
}
