# Header-only dependencies: nlohmann/json and Catch2 v2 (Debian packages).
# Natively they come from find_package. emcc does not search /usr/include, and
# -I/usr/include would drag glibc headers into the WASM build, so for Emscripten
# the needed headers are copied into a folder of their own and used as SYSTEM
# includes.
if(EMSCRIPTEN)
  set(_sysdeps "${CMAKE_BINARY_DIR}/sysdeps/include")
  foreach(dir nlohmann catch2)
    if(NOT EXISTS "/usr/include/${dir}")
      message(FATAL_ERROR "/usr/include/${dir} missing: run ./slotpay setup")
    endif()
    file(COPY "/usr/include/${dir}" DESTINATION "${_sysdeps}")
  endforeach()
  add_library(slotpay_nlohmann INTERFACE)
  target_include_directories(slotpay_nlohmann SYSTEM INTERFACE "${_sysdeps}")
  add_library(nlohmann_json::nlohmann_json ALIAS slotpay_nlohmann)
  add_library(slotpay_catch2 INTERFACE)
  target_include_directories(slotpay_catch2 SYSTEM INTERFACE "${_sysdeps}")
  add_library(Catch2::Catch2 ALIAS slotpay_catch2)
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  find_package(Catch2 2 REQUIRED)
endif()
