// Decision boundary: class probabilities (up to 8 classes in two RGBA8 textures, bilinearly interpolated
// between grid cells) mixed into class colours; pale where the model is unsure, a dark line where the most
// likely class changes (the margin between the top two classes crosses zero).
precision highp float;
in vec2 v_uv;
out vec4 frag;
uniform sampler2D u_p0;
uniform sampler2D u_p1;
uniform vec3 u_colors[8];
uniform int u_classes;
void main() {
  vec4 a = texture(u_p0, v_uv);
  vec4 b = texture(u_p1, v_uv);
  float p[8] = float[8](a.r, a.g, a.b, a.a, b.r, b.g, b.b, b.a);
  vec3 c = vec3(0.0);
  float total = 0.0, top = 0.0, second = 0.0;
  for (int k = 0; k < 8; ++k) {
    if (k >= u_classes) break;
    c += p[k] * u_colors[k];
    total += p[k];
    if (p[k] > top) { second = top; top = p[k]; }
    else if (p[k] > second) { second = p[k]; }
  }
  c /= max(total, 1e-6);
  float chance = 1.0 / float(u_classes);
  float conf = clamp((top - chance) / (1.0 - chance), 0.0, 1.0);
  vec3 col = mix(vec3(0.97), c, 0.18 + 0.5 * conf);
  float margin = top - second;
  float line = 1.0 - smoothstep(0.0, 1.5 * fwidth(margin) + 1e-4, margin);
  frag = vec4(mix(col, vec3(0.15), 0.8 * line), 1.0);
}
