/**
 * GLSL (WebGL2, GLSL ES 3.00) of the X-ray image. Two passes:
 *
 * 1. Attenuation: every attenuator (`sim/imaging/attenuators.ts`) is drawn as its bounding box,
 *    back faces only, so each pixel it covers runs the fragment shader once; the shader follows
 *    the ray from the focal spot through that pixel, finds its chord through the unit shape
 *    (the same algebra as the CPU `lineIntegral`) and adds μ·chord into a float target with
 *    additive blending. The target then holds Σ μ·x per pixel: the exponent of Beer–Lambert.
 * 2. Display: I = exp(−Σμx); quantum noise whose spread grows where fewer photons arrive and
 *    as dose per pulse falls; log transform back; subtraction of a mask (DSA, roadmap);
 *    unsharp-mask edge enhancement; window and level; inversion so that more attenuation is
 *    darker (vessels black on grey, as angiography is read); shutters and the detector's edge.
 */

export const attenuationVertexShader = /* glsl */ `
precision highp float;
uniform mat4 patientToClip;
in vec3 position;          // unit cube corner, −1..1
in vec3 axisX;             // the attenuator's local → patient map
in vec3 axisY;
in vec3 axisZ;
in vec3 origin;
in float muPerMm;
in float shape;
in vec3 hollow;
in vec4 clipPlane;
out vec3 worldPosition;
flat out mat3 toLocal;
flat out vec3 localOrigin;
flat out float mu;
flat out float shapeKind;
flat out vec3 hollowAxes;
flat out vec4 clipLocal;
void main() {
  mat3 toWorld = mat3(axisX, axisY, axisZ);
  worldPosition = origin + toWorld * position;
  toLocal = inverse(toWorld);
  localOrigin = origin;
  mu = muPerMm;
  shapeKind = shape;
  hollowAxes = hollow;
  clipLocal = clipPlane;
  // A primitive with no attenuation is sent behind the far plane: nothing to rasterise.
  gl_Position = muPerMm > 0.0 ? patientToClip * vec4(worldPosition, 1.0) : vec4(0.0, 0.0, 2.0, 1.0);
}
`;

export const attenuationFragmentShader = /* glsl */ `
precision highp float;
uniform vec3 sourcePosition;
in vec3 worldPosition;
flat in mat3 toLocal;
flat in vec3 localOrigin;
flat in float mu;
flat in float shapeKind;
flat in vec3 hollowAxes;
flat in vec4 clipLocal;
out vec4 outColour;

// [enter, exit] narrowed to −1 ≤ o + t·d < 1 on one axis; enter > exit when empty.
vec2 slab(float o, float d, vec2 span) {
  if (abs(d) < 1e-12) return (o < -1.0 || o >= 1.0) ? vec2(1.0, 0.0) : span;
  float t0 = (-1.0 - o) / d;
  float t1 = (1.0 - o) / d;
  return vec2(max(span.x, min(t0, t1)), min(span.y, max(t0, t1)));
}

// Roots of a·t² + 2·h·t + c = 0, or an empty span.
vec2 roots(float a, float h, float c) {
  if (a < 1e-20) return c <= 0.0 ? vec2(-1e30, 1e30) : vec2(1.0, 0.0);
  float disc = h * h - a * c;
  if (disc <= 0.0) return vec2(1.0, 0.0);
  float r = sqrt(disc);
  return vec2((-h - r) / a, (-h + r) / a);
}

void main() {
  vec3 direction = normalize(worldPosition - sourcePosition);
  vec3 o = toLocal * (sourcePosition - localOrigin);
  vec3 d = toLocal * direction;
  vec2 span = vec2(0.0, 1e30);
  if (shapeKind > 1.5) {
    span = slab(o.x, d.x, span);
    span = slab(o.y, d.y, span);
    span = slab(o.z, d.z, span);
  } else if (shapeKind > 0.5) {
    span = slab(o.z, d.z, span);
    vec2 r = roots(dot(d.xy, d.xy), dot(o.xy, d.xy), dot(o.xy, o.xy) - 1.0);
    span = vec2(max(span.x, r.x), min(span.y, r.y));
  } else {
    vec2 r = roots(dot(d, d), dot(o, d), dot(o, o) - 1.0);
    span = vec2(max(span.x, r.x), min(span.y, r.y));
  }
  if (dot(clipLocal.xyz, clipLocal.xyz) > 0.0) {
    float along = dot(clipLocal.xyz, d);
    float start = dot(clipLocal.xyz, o) - clipLocal.w;
    if (abs(along) < 1e-12) {
      if (start < 0.0) span = vec2(1.0, 0.0);
    } else if (along > 0.0) span.x = max(span.x, -start / along);
    else span.y = min(span.y, -start / along);
  }
  if (span.y <= span.x) discard;
  float chord = span.y - span.x;
  if (shapeKind < 0.5 && hollowAxes.x > 0.0) {
    vec3 q = o / hollowAxes;
    vec3 e = d / hollowAxes;
    vec2 inner = roots(dot(e, e), dot(q, e), dot(q, q) - 1.0);
    chord -= max(0.0, min(span.y, inner.y) - max(span.x, inner.x));
  }
  outColour = vec4(mu * chord, 0.0, 0.0, 0.0);
}
`;

export const fullScreenVertexShader = /* glsl */ `
precision highp float;
in vec3 position;
out vec2 imageUv;
void main() {
  imageUv = position.xy * 0.5 + 0.5;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
`;

/** Σμx of the still patient plus what moves: the log-space image before noise. */
export const sumFragmentShader = /* glsl */ `
precision highp float;
uniform sampler2D still;
uniform sampler2D moving;
in vec2 imageUv;
out vec4 outColour;
void main() {
  outColour = vec4(textureLod(still, imageUv, 0.0).r + textureLod(moving, imageUv, 0.0).r, 0.0, 0.0, 0.0);
}
`;

/** Subtracted (DSA) Σμx: live minus mask, for the roadmap's maximum-opacity accumulation. */
export const subtractedFragmentShader = /* glsl */ `
precision highp float;
uniform sampler2D still;
uniform sampler2D moving;
uniform sampler2D mask;
in vec2 imageUv;
out vec4 outColour;
void main() {
  float live = textureLod(still, imageUv, 0.0).r + textureLod(moving, imageUv, 0.0).r;
  outColour = vec4(max(0.0, live - textureLod(mask, imageUv, 0.0).r), 0.0, 0.0, 0.0);
}
`;

export const displayFragmentShader = /* glsl */ `
precision highp float;
uniform sampler2D still;
uniform sampler2D moving;
uniform sampler2D mask;
uniform sampler2D roadmap;
uniform vec2 texel;
uniform float subtract;      // 1: show live − mask (DSA)
uniform float roadmapOn;     // 1: overlay the stored vessel map (white) on live fluoroscopy
uniform float roadmapGain;
uniform float levelMu;       // Σμx shown mid-grey
uniform float windowMu;      // Σμx range from white to black
uniform float subtractionGain;
uniform float noiseSigma;    // σ of log-signal noise where Σμx = levelMu
uniform float edgeGain;
uniform float harmonization; // share of the still body's large-scale variation taken out (0 none, 1 all)
uniform float frameIndex;
uniform vec4 field;          // open field (shutters) in image −1..1: uMin, uMax, vMin, vMax
uniform vec4 detector;       // the physical detector in the same coordinates
in vec2 imageUv;
out vec4 outColour;

float logSignal(vec2 uv) {
  return textureLod(still, uv, 0.0).r + textureLod(moving, uv, 0.0).r;
}

// Integer hash of pixel and frame (the "lowbias32" mixing constants, C. Wellons 2018, public
// domain), two uniforms made Gaussian by Box–Muller.
uint mixBits(uint x) {
  x ^= x >> 16u; x *= 0x7feb352du; x ^= x >> 15u; x *= 0x846ca68bu; x ^= x >> 16u;
  return x;
}
float gaussian(vec2 pixel) {
  uint seed = mixBits(uint(pixel.x) + 4096u * uint(pixel.y)) ^ mixBits(uint(frameIndex) * 2654435761u);
  uint a = mixBits(seed);
  uint b = mixBits(a ^ 0x9e3779b9u);
  float u1 = (float(a >> 8u) + 0.5) / 16777216.0;
  float u2 = float(b >> 8u) / 16777216.0;
  return sqrt(-2.0 * log(u1)) * cos(6.2831853 * u2);
}

void main() {
  vec2 p = imageUv * 2.0 - 1.0;
  if (p.x < detector.x || p.x > detector.y || p.y < detector.z || p.y > detector.w) {
    outColour = vec4(0.0, 0.0, 0.0, 1.0);
    return;
  }
  if (p.x < field.x || p.x > field.y || p.y < field.z || p.y > field.w) {
    outColour = vec4(vec3(0.04), 1.0);
    return;
  }
  float centre = logSignal(imageUv);
  float around = 0.25 * (logSignal(imageUv + vec2(texel.x, 0.0)) + logSignal(imageUv - vec2(texel.x, 0.0)) +
    logSignal(imageUv + vec2(0.0, texel.y)) + logSignal(imageUv - vec2(0.0, texel.y)));
  // Quantum noise: relative spread 1/√N, and N falls as exp(−Σμx): in log space σ grows as exp(Σμx/2).
  float sigma = noiseSigma * exp(clamp(0.5 * (centre - levelMu), -3.0, 3.0));
  // Harmonization (large-kernel unsharp masking, as real systems apply): the still body's slow
  // variation (thickness, a bone plate seen edge-on) is compressed toward the level, so one
  // window shows both dense and thin regions; fine detail (vessels, wires, bone edges) stays.
  float largeScale = textureLod(still, imageUv, 5.0).r;
  float flattened = centre - harmonization * (largeScale - levelMu);
  float signal = flattened + edgeGain * (centre - around) + sigma * gaussian(gl_FragCoord.xy);
  float grey;
  if (subtract > 0.5) {
    float subtracted = centre + sigma * gaussian(gl_FragCoord.xy) - textureLod(mask, imageUv, 0.0).r;
    grey = 0.78 - subtractionGain * subtracted;
  } else {
    grey = 0.5 + (levelMu - signal) / windowMu;
    if (roadmapOn > 0.5) grey += roadmapGain * textureLod(roadmap, imageUv, 0.0).r;
  }
  outColour = vec4(vec3(clamp(grey, 0.0, 1.0)), 1.0);
}
`;
