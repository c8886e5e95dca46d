# What an installed station gets besides the programs (systemd units, users, folders, udev, Avahi,
# the configuration) and the Debian packages made of it all by CPack:
#   bandstation      bandstationd, the bandstation CLI, their units and configuration
#   bandstation-ui   the touchscreen app and its kiosk unit (depends on bandstation)
# `cpack -G DEB` in a build tree configured with -DCMAKE_INSTALL_PREFIX=/usr (scripts/package.sh)
# writes both; tests/package checks them.
include(GNUInstallDirs)

set(BANDSTATION_PACKAGE_MAINTAINER "bandstation maintainers <maintainers@bandstation.org>"
    CACHE STRING "The Maintainer field of the Debian packages")
set(BANDSTATION_PACKAGE_REVISION 1 CACHE STRING "The Debian revision of the packages")

# Debian bookworm keeps units and udev rules under /lib (its /usr merge aliases it, and dpkg
# wants the canonical path it knows); another prefix keeps everything under that prefix.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    set(_lib_root "/lib")
else()
    set(_lib_root "${CMAKE_INSTALL_PREFIX}/lib")
endif()
set(BANDSTATION_UNIT_DIR "${_lib_root}/systemd/system" CACHE PATH "systemd system units")
set(BANDSTATION_UDEV_DIR "${_lib_root}/udev/rules.d" CACHE PATH "udev rules")
set(_etc "${CMAKE_INSTALL_FULL_SYSCONFDIR}")
set(_sys "${PROJECT_SOURCE_DIR}/systemd")
set(_gen "${PROJECT_BINARY_DIR}/packaging")

# /etc/bandstation/bandstation.conf: the documented example with an installed station's choices
# set (every other option stays at its commented default).
file(READ "${PROJECT_SOURCE_DIR}/daemon/bandstation.conf" _conf)
foreach(_pair
        "#database = var/bandstation.db|database = /var/lib/bandstation/bandstation.db"
        "#sensor = simulated|sensor = hx711"
        "#listen = 127.0.0.1:7420|listen = 0.0.0.0:7420")
    string(REPLACE "|" ";" _pair "${_pair}")
    list(GET _pair 0 _from)
    list(GET _pair 1 _to)
    string(FIND "${_conf}" "\n${_from}\n" _at)
    if(_at EQUAL -1)
        message(FATAL_ERROR "daemon/bandstation.conf has no line '${_from}' to set for the package")
    endif()
    string(REPLACE "\n${_from}\n" "\n${_to}\n" _conf "${_conf}")
endforeach()
file(WRITE "${_gen}/bandstation.conf" "${_conf}")

install(FILES "${_gen}/bandstation.conf" DESTINATION "${_etc}/bandstation" COMPONENT station)
install(FILES "${_sys}/bandstation.avahi.service" DESTINATION "${_etc}/avahi/services"
        RENAME bandstation.service COMPONENT station)
install(FILES "${_sys}/bandstationd.service" DESTINATION "${BANDSTATION_UNIT_DIR}"
        COMPONENT station)
install(FILES "${_sys}/60-bandstation.rules" DESTINATION "${BANDSTATION_UDEV_DIR}"
        COMPONENT station)
install(FILES docs/install.md docs/hardware.md docs/api.yaml
        DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT station)

install(FILES "${_sys}/bandstation-ui.service" DESTINATION "${BANDSTATION_UNIT_DIR}"
        COMPONENT ui)
install(FILES "${_sys}/bandstation-ui.default" DESTINATION "${_etc}/default"
        RENAME bandstation-ui COMPONENT ui)

# Per package: sysusers.d and tmpfiles.d entries, copyright, changelog, maintainer scripts.
string(TIMESTAMP _date "%a, %d %b %Y %H:%M:%S +0000" UTC) # SOURCE_DATE_EPOCH when set
find_program(BANDSTATION_GZIP gzip REQUIRED)
foreach(_component station ui)
    if(_component STREQUAL "station")
        set(PACKAGE bandstation)
        set(UNIT bandstationd.service)
        set(_conffiles "${_etc}/bandstation/bandstation.conf\n"
                       "${_etc}/avahi/services/bandstation.service\n")
    else()
        set(PACKAGE bandstation-ui)
        set(UNIT bandstation-ui.service)
        set(_conffiles "${_etc}/default/bandstation-ui\n")
    endif()
    install(FILES "${_sys}/${PACKAGE}.sysusers" DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/sysusers.d"
            RENAME "${PACKAGE}.conf" COMPONENT ${_component})
    install(FILES "${_sys}/${PACKAGE}.tmpfiles" DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/tmpfiles.d"
            RENAME "${PACKAGE}.conf" COMPONENT ${_component})

    set(_doc "${_gen}/${PACKAGE}/doc")
    configure_file("${_sys}/debian/copyright" "${_doc}/copyright" COPYONLY)
    file(WRITE "${_doc}/changelog.Debian"
         "${PACKAGE} (${PROJECT_VERSION}-${BANDSTATION_PACKAGE_REVISION}) bookworm; urgency=medium\n\n"
         "  * Built from the bandstation source tree; see its CHANGELOG for the changes.\n\n"
         " -- ${BANDSTATION_PACKAGE_MAINTAINER}  ${_date}\n")
    # gzip -9n: reproducible (no name, no time stamp), as Debian policy wants.
    execute_process(COMMAND ${BANDSTATION_GZIP} -9nf "${_doc}/changelog.Debian")
    install(FILES "${_doc}/copyright" "${_doc}/changelog.Debian.gz"
            DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/doc/${PACKAGE}" COMPONENT ${_component})

    set(_control "${_gen}/${PACKAGE}/control")
    foreach(_script postinst prerm postrm)
        configure_file("${_sys}/debian/${_script}.in" "${_control}/${_script}" @ONLY
                       FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                                        GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
    endforeach()
    string(REPLACE ";" "" _conffiles "${_conffiles}")
    file(WRITE "${_control}/conffiles" "${_conffiles}")
    string(TOUPPER ${_component} _C)
    set(CPACK_DEBIAN_${_C}_PACKAGE_CONTROL_EXTRA
        "${_control}/conffiles;${_control}/postinst;${_control}/prerm;${_control}/postrm")
endforeach()

# The packages' architecture: the toolchain's (arm64 when cross-building), else this machine's.
if(CPACK_DEBIAN_PACKAGE_ARCHITECTURE)
    set(BANDSTATION_DEB_ARCH ${CPACK_DEBIAN_PACKAGE_ARCHITECTURE})
else()
    find_program(BANDSTATION_DPKG dpkg)
    if(BANDSTATION_DPKG)
        execute_process(COMMAND ${BANDSTATION_DPKG} --print-architecture
                        OUTPUT_VARIABLE BANDSTATION_DEB_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE)
    endif()
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME bandstation)
set(CPACK_PACKAGE_VENDOR "bandstation")
set(CPACK_PACKAGE_CONTACT "${BANDSTATION_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL station ui)
if(NOT BANDSTATION_BUILD_UI)
    set(CPACK_COMPONENTS_ALL station)
endif()
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${BANDSTATION_PACKAGE_REVISION})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEBIAN_STATION_PACKAGE_NAME bandstation)
set(CPACK_DEBIAN_STATION_PACKAGE_SECTION misc)
# One string each (a CMake list of lines would put ";" into the control file's Description), whose
# first line is the package's own synopsis: an empty summary keeps CPack from putting the project's
# description in front of both.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_DEBIAN_STATION_DESCRIPTION "smart resistance-band station: load cell daemon and API
bandstationd reads a load cell (HX711 over GPIO or ADS1220 over SPI)
inline with an elastic band, counts reps and steps with their tempo
phases, checks them against targets, stores sessions in SQLite and
serves live data and history over HTTP and WebSocket. The bandstation
command analyses traces, pulls sessions and manages API tokens.")
set(CPACK_DEBIAN_STATION_PACKAGE_DEPENDS "systemd, init-system-helpers (>= 1.54~)")
set(CPACK_DEBIAN_STATION_PACKAGE_RECOMMENDS "avahi-daemon")
set(CPACK_DEBIAN_STATION_PACKAGE_SUGGESTS "sqlite3, gpiod")

set(CPACK_DEBIAN_UI_PACKAGE_NAME bandstation-ui)
set(CPACK_DEBIAN_UI_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_UI_DESCRIPTION "smart resistance-band station: touchscreen app
The station's Qt Quick touchscreen: live force bar with the target
zone, rep counter, tempo guide, rest timer, set summaries, history,
calibration and sensor status. It runs as a kiosk on the display
(Qt's eglfs on KMS) and talks to bandstationd.")
# QML modules and platform plugins are loaded at run time: dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_UI_PACKAGE_DEPENDS
    "bandstation (= ${PROJECT_VERSION}-${BANDSTATION_PACKAGE_REVISION}), systemd, init-system-helpers (>= 1.54~), qml6-module-qtquick, qml6-module-qtquick-layouts, qml6-module-qtquick-window, qml6-module-qtqml-workerscript, libqt6opengl6, qt6-qpa-plugins, libgl1-mesa-dri, libegl-mesa0, fonts-dejavu-core")

include(CPack)
