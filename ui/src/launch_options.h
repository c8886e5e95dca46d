#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

// Where the daemon is and the token to use, from the command line, the environment and the
// installed station's files. `error` says, in words for the screen, why there is no usable token.
struct LaunchOptions {
    QUrl url;
    QString token;
    QString tokenOrigin; // "--token-file /x", "BANDSTATION_TOKEN", "/etc/bandstation/ui.token"
    QString error;       // a bad argument or no usable token
    bool fullScreen = false;
};

inline constexpr auto kDefaultUrl = "http://127.0.0.1:7420";
// Where an installed station keeps the touchscreen's token (created at install time).
inline constexpr auto kInstalledTokenFile = "/etc/bandstation/ui.token";

LaunchOptions resolveLaunchOptions(const QStringList& arguments,
                                   const QProcessEnvironment& environment,
                                   const QString& installedTokenFile = kInstalledTokenFile);
