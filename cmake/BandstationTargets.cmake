# Shared target settings: warnings, -Werror in CI, sanitizers.

set(BANDSTATION_WARNINGS -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wpedantic
    -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)

# bandstation_target(<target>): apply the project's warning flags (and -Werror when
# BANDSTATION_WERROR is on) to one of our own targets. Third-party code is left alone.
function(bandstation_target target)
    target_compile_options(${target} PRIVATE ${BANDSTATION_WARNINGS})
    if(BANDSTATION_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
    target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()

# The same for a target that compiles Boost.Asio: GCC 12's flow analysis reports "potential null
# pointer dereference" inside Asio's scheduler once it is inlined into our code. The warning is
# about Boost's code, not ours, so it is off for these targets only.
function(bandstation_asio_target target)
    bandstation_target(${target})
    target_compile_options(${target} PRIVATE -Wno-null-dereference)
endfunction()

if(BANDSTATION_SANITIZE)
    message(STATUS "bandstation: building with AddressSanitizer and UndefinedBehaviorSanitizer")
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()
