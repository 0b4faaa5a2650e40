# SPDX-License-Identifier: Apache-2.0
# Facts about this build for the version endpoint: the commit, the tag, whether
# the tree was clean, and when it was built (SOURCE_DATE_EPOCH is honoured).
find_package(Git QUIET)
set(CAPSTAN_GIT_COMMIT "")
set(CAPSTAN_GIT_TAG "")
set(CAPSTAN_GIT_TREE_STATE "")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
    execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --verify --quiet HEAD^{commit}
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        RESULT_VARIABLE _capstan_git_result
        OUTPUT_VARIABLE CAPSTAN_GIT_COMMIT OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(NOT _capstan_git_result EQUAL 0)
        set(CAPSTAN_GIT_COMMIT "")
    endif()
    execute_process(COMMAND ${GIT_EXECUTABLE} describe --tags --exact-match HEAD
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        OUTPUT_VARIABLE CAPSTAN_GIT_TAG OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    execute_process(COMMAND ${GIT_EXECUTABLE} status --porcelain --untracked-files=no
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        OUTPUT_VARIABLE _capstan_git_status OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(CAPSTAN_GIT_COMMIT)
        if(_capstan_git_status)
            set(CAPSTAN_GIT_TREE_STATE "dirty")
        else()
            set(CAPSTAN_GIT_TREE_STATE "clean")
        endif()
    endif()
    # Configure again when a commit or checkout moves HEAD.
    if(EXISTS "${PROJECT_SOURCE_DIR}/.git/logs/HEAD")
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
            "${PROJECT_SOURCE_DIR}/.git/logs/HEAD")
    endif()
endif()
string(TIMESTAMP CAPSTAN_BUILD_DATE "%Y-%m-%dT%H:%M:%SZ" UTC)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    set(CAPSTAN_COMPILER_ID "gcc")
else()
    string(TOLOWER "${CMAKE_CXX_COMPILER_ID}" CAPSTAN_COMPILER_ID)
endif()
