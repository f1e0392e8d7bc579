# infra_flash_module(NAME [DEPS module...] [LIBS target...])
#   A static library infra_flash_NAME from every .cc in the calling folder. DEPS names
#   other modules (the layering in docs/ARCHITECTURE.md), LIBS external targets.
function(infra_flash_module name)
  cmake_parse_arguments(ARG "" "" "DEPS;LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  if(sources)
    add_library(infra_flash_${name} STATIC ${sources})
    set(scope PUBLIC)
  else()
    add_library(infra_flash_${name} INTERFACE)
    set(scope INTERFACE)
  endif()
  list(TRANSFORM ARG_DEPS PREPEND infra_flash_)
  target_link_libraries(infra_flash_${name} ${scope} infra_flash_settings ${ARG_DEPS} ${ARG_LIBS})
endfunction()

# infra_flash_test(NAME [NEEDS_BINARY] [END_TO_END] [DEPS module...] [LIBS target...])
#   One GoogleTest binary NAME_test from every *_test.cc in the calling folder; each
#   test case is registered with CTest and runs from the source tree's root.
#   INFRA_FLASH_SOURCE_DIR is defined; testing::BinaryUnderTest() (tests/support) names
#   the infra-flash binary. NEEDS_BINARY makes the test build the binary first.
#   END_TO_END (implies NEEDS_BINARY) marks suites that drive the binary from outside and
#   link none of its code: their tests get the CTest label `end-to-end`, and the
#   sanitizer pass of scripts/test.sh runs them against its instrumented binary. Tests
#   run with INFRA_FLASH_TEST_PATH (the system's python3) first on PATH.
#   Test code is compiled without optimization: it runs in milliseconds either way, and
#   optimizing GoogleTest's expansions doubled the build's compile time.
function(infra_flash_test name)
  cmake_parse_arguments(ARG "NEEDS_BINARY;END_TO_END" "" "DEPS;LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  list(TRANSFORM ARG_DEPS PREPEND infra_flash_)
  add_executable(${name}_test ${sources})
  target_link_libraries(${name}_test PRIVATE ${ARG_DEPS} ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name}_test PRIVATE INFRA_FLASH_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_compile_options(${name}_test PRIVATE -O0)
  if(NOT INFRA_FLASH_TEST_DEBUG_INFO)
    target_compile_options(${name}_test PRIVATE -g0)
  endif()
  set(labels unit)
  if(ARG_END_TO_END)
    set(labels end-to-end)
  endif()
  if(ARG_NEEDS_BINARY OR ARG_END_TO_END)
    add_dependencies(${name}_test infra-flash)
  endif()
  gtest_discover_tests(${name}_test
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 300
               LABELS ${labels}
               ENVIRONMENT_MODIFICATION "PATH=path_list_prepend:${INFRA_FLASH_TEST_PATH}")
endfunction()
