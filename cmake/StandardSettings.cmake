# Warnings and sanitizers as an interface target, applied only to our own code.
add_library(infra_flash_settings INTERFACE)
target_compile_options(infra_flash_settings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual
  -Wimplicit-fallthrough -Wformat=2
  # Aggregates such as Error{"message"} leave later fields at their defaults on purpose.
  -Wno-missing-field-initializers)
# GCC 12 reports -Wrestrict inside std::string at -O3 (GCC bug 105329), where no
# code of ours is at fault; -Wnull-dereference is left out for the same reason
# (std::istreambuf_iterator and friends, inlined at -O2).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(infra_flash_settings INTERFACE -Wno-restrict)
endif()
# Under C++20, clang reports RapidJSON's own member iterators (operator== and != of
# GenericMemberIterator) as ambiguous with their reversed forms: a third-party header,
# not code of ours (the sanitizer pass of scripts/test.sh builds with clang).
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  target_compile_options(infra_flash_settings INTERFACE -Wno-ambiguous-reversed-operator)
endif()
if(INFRA_FLASH_WERROR)
  target_compile_options(infra_flash_settings INTERFACE -Werror)
endif()
target_include_directories(infra_flash_settings INTERFACE ${PROJECT_SOURCE_DIR}/src)

if(INFRA_FLASH_SANITIZE)
  string(REPLACE "," ";" _sanitizers "${INFRA_FLASH_SANITIZE}")
  list(JOIN _sanitizers "," _joined)
  target_compile_options(infra_flash_settings INTERFACE
    -fsanitize=${_joined} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(infra_flash_settings INTERFACE -fsanitize=${_joined})
endif()
