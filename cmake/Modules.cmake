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

# infra_flash_test(NAME [NEEDS_BINARY] [DEPS module...] [LIBS target...])
#   One GoogleTest binary NAME_test from every *_test.cc in the calling folder; each
#   test case is registered with CTest and runs from the source tree's root.
#   INFRA_FLASH_SOURCE_DIR and INFRA_FLASH_BINARY (the built infra-flash) are defined;
#   NEEDS_BINARY makes the test build the binary first (end-to-end tests). Tests run with
#   INFRA_FLASH_TEST_PATH (the system's python3) first on PATH.
function(infra_flash_test name)
  cmake_parse_arguments(ARG "NEEDS_BINARY" "" "DEPS;LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  list(TRANSFORM ARG_DEPS PREPEND infra_flash_)
  add_executable(${name}_test ${sources})
  target_link_libraries(${name}_test PRIVATE ${ARG_DEPS} ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name}_test PRIVATE
    INFRA_FLASH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    INFRA_FLASH_BINARY="$<TARGET_FILE:infra-flash>")
  if(ARG_NEEDS_BINARY)
    add_dependencies(${name}_test infra-flash)
  endif()
  gtest_discover_tests(${name}_test
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    DISCOVERY_TIMEOUT 60
    PROPERTIES TIMEOUT 300
               ENVIRONMENT_MODIFICATION "PATH=path_list_prepend:${INFRA_FLASH_TEST_PATH}")
endfunction()
