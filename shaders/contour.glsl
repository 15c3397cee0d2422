// Contour map of a loss surface: u_values holds the field already mapped to 0..1 (log-scaled on the CPU);
// a blue-to-yellow colour ramp plus thin iso-lines at u_levels evenly spaced levels.
precision highp float;
in vec2 v_uv;
out vec4 frag;
uniform sampler2D u_values;
uniform float u_levels;
vec3 ramp(float t) {
  vec3 c0 = vec3(0.13, 0.20, 0.45), c1 = vec3(0.20, 0.55, 0.65), c2 = vec3(0.55, 0.80, 0.45), c3 = vec3(0.98, 0.90, 0.45);
  if (t < 0.33) return mix(c0, c1, t / 0.33);
  if (t < 0.66) return mix(c1, c2, (t - 0.33) / 0.33);
  return mix(c2, c3, (t - 0.66) / 0.34);
}
void main() {
  float t = clamp(texture(u_values, v_uv).r, 0.0, 1.0);
  float x = t * u_levels;
  float d = abs(fract(x + 0.5) - 0.5) / max(fwidth(x), 1e-5);
  float line = 1.0 - clamp(d - 0.5, 0.0, 1.0);
  frag = vec4(mix(ramp(t), vec3(0.05), 0.45 * line), 1.0);
}
