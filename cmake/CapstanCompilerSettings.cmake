# SPDX-License-Identifier: Apache-2.0
# Compiler settings every Capstan target links through capstan_settings:
# warnings, the strict Qt string macros, and optionally -Werror.
add_library(capstan_settings INTERFACE)
add_library(Capstan::Settings ALIAS capstan_settings)

target_compile_options(capstan_settings INTERFACE
    -Wall -Wextra -Wpedantic
    -Wnon-virtual-dtor -Wcast-qual -Wformat=2 -Wundef
    $<$<BOOL:${CAPSTAN_WERROR}>:-Werror>)

target_compile_definitions(capstan_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)

# The sanitizers cover the whole build, generated code included, so they are
# directory-wide rather than a property of single targets.
if(CAPSTAN_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "CAPSTAN_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
elseif(CAPSTAN_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
elseif(CAPSTAN_SANITIZE_THREAD)
    add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
    add_link_options(-fsanitize=thread)
endif()
