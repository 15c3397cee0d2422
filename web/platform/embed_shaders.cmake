# Embeds every shaders/*.glsl file as a C++ raw string constant gl::shaders::<name> in OUT.
# The sources carry no #version line: the platform prepends "#version 300 es" (WebGL2) or "#version 330 core".
file(GLOB files "${SRC_DIR}/*.glsl")
set(body "// Generated from shaders/*.glsl by web/platform/embed_shaders.cmake. Do not edit.\n#pragma once\nnamespace gl::shaders {\n")
foreach(f ${files})
  get_filename_component(name "${f}" NAME_WE)
  file(READ "${f}" text)
  string(APPEND body "inline constexpr const char* ${name} = R\"glsl(${text})glsl\";\n")
endforeach()
string(APPEND body "}  // namespace gl::shaders\n")
file(WRITE "${OUT}" "${body}")
