# SPDX-License-Identifier: Apache-2.0
# Finds Debian's libjsonnet-dev, which ships neither a CMake package nor a .pc file.
# Defines Jsonnet::Jsonnet and Jsonnet_VERSION.
find_path(Jsonnet_INCLUDE_DIR NAMES libjsonnet.h)
find_library(Jsonnet_LIBRARY NAMES jsonnet)
if(Jsonnet_INCLUDE_DIR AND EXISTS "${Jsonnet_INCLUDE_DIR}/libjsonnet.h")
    file(STRINGS "${Jsonnet_INCLUDE_DIR}/libjsonnet.h" _jsonnet_version_line
         REGEX "^#define LIB_JSONNET_VERSION ")
    string(REGEX REPLACE ".*\"v?([^\"]*)\".*" "\\1" Jsonnet_VERSION "${_jsonnet_version_line}")
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Jsonnet
    REQUIRED_VARS Jsonnet_LIBRARY Jsonnet_INCLUDE_DIR
    VERSION_VAR Jsonnet_VERSION)
if(Jsonnet_FOUND AND NOT TARGET Jsonnet::Jsonnet)
    add_library(Jsonnet::Jsonnet UNKNOWN IMPORTED)
    set_target_properties(Jsonnet::Jsonnet PROPERTIES
        IMPORTED_LOCATION "${Jsonnet_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${Jsonnet_INCLUDE_DIR}")
endif()
mark_as_advanced(Jsonnet_INCLUDE_DIR Jsonnet_LIBRARY)
