import {
  AddEquation,
  BackSide,
  BoxGeometry,
  BufferAttribute,
  Camera,
  CustomBlending,
  FloatType,
  GLSL3,
  InstancedBufferAttribute,
  InstancedBufferGeometry,
  InstancedInterleavedBuffer,
  InterleavedBufferAttribute,
  MaxEquation,
  Mesh,
  LinearMipmapLinearFilter,
  NearestFilter,
  NoBlending,
  OneFactor,
  RawShaderMaterial,
  RGBAFormat,
  Scene,
  Vector2,
  Vector4,
  WebGLRenderer,
  WebGLRenderTarget,
  BufferGeometry,
  type IUniform,
} from 'three';
import type { AttenuatorSet } from '../../../sim/imaging/attenuators.ts';
import {
  attenuationFragmentShader,
  attenuationVertexShader,
  displayFragmentShader,
  fullScreenVertexShader,
  subtractedFragmentShader,
  sumFragmentShader,
} from './shaders.ts';

/** Where the beam comes from and where it lands, in patient coordinates (LPS mm). */
export interface FluoroView {
  /** Patient LPS → clip space, column-major: x_ndc, y_ndc are the image's −1..1 (right, up). */
  patientToClip: Float32Array;
  sourceLps: readonly [number, number, number];
  /** The open field between the shutters, and the physical detector, in image −1..1: uMin, uMax, vMin, vMax. */
  field: readonly [number, number, number, number];
  detector: readonly [number, number, number, number];
}

/** How the signal becomes grey levels. All in Σμx (the exponent of Beer–Lambert). */
export interface FluoroDisplaySettings {
  levelMu: number;
  windowMu: number;
  noiseSigma: number;
  edgeGain: number;
  harmonization: number;
  subtractionGain: number;
  roadmapGain: number;
}

export type FluoroImageKind = 'fluoro' | 'subtracted' | 'roadmap';

/**
 * The X-ray image on its own canvas (three.js used as a thin WebGL2 layer, no scene graph to
 * speak of): the still patient's Σμx cached per C-arm view, the vessels and moving things
 * integrated every pulse, then one display pass. Masks (DSA, roadmap) and the roadmap's
 * maximum-opacity vessel map live in float targets beside them.
 */
export class FluoroRenderer {
  readonly sizePx: number;
  private readonly renderer: WebGLRenderer;
  private readonly camera = new Camera();
  private readonly stillTarget: WebGLRenderTarget;
  private readonly movingTarget: WebGLRenderTarget;
  private readonly maskTarget: WebGLRenderTarget;
  private readonly roadmapTarget: WebGLRenderTarget;
  private readonly attenuationUniforms: Record<string, IUniform>;
  private readonly stillScene = new Scene();
  private readonly movingScene = new Scene();
  private readonly stillMeshes: AttenuatorMesh[] = [];
  private readonly movingMeshes: AttenuatorMesh[] = [];
  private readonly quadScene = new Scene();
  private readonly quad: Mesh;
  private readonly sumMaterial: RawShaderMaterial;
  private readonly subtractedMaterial: RawShaderMaterial;
  private readonly displayMaterial: RawShaderMaterial;
  private stillDirty = true;
  private view: FluoroView | null = null;

  constructor(canvas: HTMLCanvasElement, sizePx: number) {
    this.sizePx = sizePx;
    this.renderer = new WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true, alpha: false });
    this.renderer.setPixelRatio(1);
    this.renderer.setSize(sizePx, sizePx, false);
    this.renderer.autoClear = false;
    const gl = this.renderer.getContext();
    if (!gl.getExtension('EXT_color_buffer_float')) {
      throw new Error(
        'this graphics driver cannot render to float images (EXT_color_buffer_float), which fluoroscopy needs',
      );
    }
    // Blending into 32-bit float targets needs EXT_float_blend; without it the sum cannot be accumulated.
    if (!gl.getExtension('EXT_float_blend')) {
      throw new Error('this graphics driver cannot blend float images (EXT_float_blend), which fluoroscopy needs');
    }
    const target = (mipmapped = false): WebGLRenderTarget =>
      new WebGLRenderTarget(sizePx, sizePx, {
        type: FloatType,
        format: RGBAFormat,
        depthBuffer: false,
        // The still body's mipmaps are its large-scale average, for harmonization.
        generateMipmaps: mipmapped,
        minFilter: mipmapped ? LinearMipmapLinearFilter : NearestFilter,
        magFilter: NearestFilter,
      });
    if (!gl.getExtension('OES_texture_float_linear')) {
      throw new Error(
        'this graphics driver cannot filter float images (OES_texture_float_linear), which fluoroscopy needs',
      );
    }
    this.stillTarget = target(true);
    this.movingTarget = target();
    this.maskTarget = target();
    this.roadmapTarget = target();
    this.attenuationUniforms = {
      patientToClip: { value: new Float32Array(16) },
      sourcePosition: { value: new Float32Array(3) },
    };
    const quadGeometry = new BufferGeometry();
    quadGeometry.setAttribute('position', new BufferAttribute(new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), 3));
    const fullScreen = (fragmentShader: string, uniforms: Record<string, IUniform>): RawShaderMaterial =>
      new RawShaderMaterial({
        glslVersion: GLSL3,
        vertexShader: fullScreenVertexShader,
        fragmentShader,
        uniforms,
        depthTest: false,
        depthWrite: false,
        blending: NoBlending,
      });
    const textures = {
      still: { value: this.stillTarget.texture },
      moving: { value: this.movingTarget.texture },
      mask: { value: this.maskTarget.texture },
    };
    this.sumMaterial = fullScreen(sumFragmentShader, { still: textures.still, moving: textures.moving });
    this.subtractedMaterial = fullScreen(subtractedFragmentShader, textures);
    this.subtractedMaterial.blending = CustomBlending;
    this.subtractedMaterial.blendEquation = MaxEquation;
    this.subtractedMaterial.blendSrc = OneFactor;
    this.subtractedMaterial.blendDst = OneFactor;
    this.displayMaterial = fullScreen(displayFragmentShader, {
      ...textures,
      roadmap: { value: this.roadmapTarget.texture },
      texel: { value: new Vector2(1 / sizePx, 1 / sizePx) },
      subtract: { value: 0 },
      roadmapOn: { value: 0 },
      roadmapGain: { value: 0 },
      levelMu: { value: 4 },
      windowMu: { value: 3 },
      subtractionGain: { value: 3 },
      noiseSigma: { value: 0.01 },
      edgeGain: { value: 0.5 },
      harmonization: { value: 0.7 },
      frameIndex: { value: 0 },
      field: { value: new Vector4(-1, 1, -1, 1) },
      detector: { value: new Vector4(-1, 1, -1, 1) },
    });
    this.quad = new Mesh(quadGeometry, this.displayMaterial);
    this.quad.frustumCulled = false;
    this.quadScene.add(this.quad);
    this.clearTarget(this.maskTarget);
    this.clearTarget(this.roadmapTarget);
  }

  /** The still patient (skin and bone): integrated once per view. */
  setStill(sets: readonly AttenuatorSet[]): void {
    replaceMeshes(this.stillScene, this.stillMeshes, sets, this.attenuationUniforms);
    this.stillDirty = true;
  }

  /** What changes every pulse (vessels with their contrast, devices, blush, pools); call `movingChanged` after writing them. */
  setMoving(sets: readonly AttenuatorSet[]): void {
    replaceMeshes(this.movingScene, this.movingMeshes, sets, this.attenuationUniforms);
  }

  movingChanged(): void {
    for (const mesh of this.movingMeshes) mesh.sync();
  }

  setView(view: FluoroView): void {
    this.view = view;
    (this.attenuationUniforms.patientToClip!.value as Float32Array).set(view.patientToClip);
    (this.attenuationUniforms.sourcePosition!.value as Float32Array).set(view.sourceLps);
    const uniforms = this.displayMaterial.uniforms;
    (uniforms.field!.value as Vector4).set(...view.field);
    (uniforms.detector!.value as Vector4).set(...view.detector);
    this.stillDirty = true;
  }

  /** Integrates what moved and shows one frame on the canvas. */
  render(kind: FluoroImageKind, display: FluoroDisplaySettings, frameIndex: number): void {
    if (!this.view) return;
    this.integrate();
    const uniforms = this.displayMaterial.uniforms;
    uniforms.subtract!.value = kind === 'subtracted' ? 1 : 0;
    uniforms.roadmapOn!.value = kind === 'roadmap' ? 1 : 0;
    uniforms.levelMu!.value = display.levelMu;
    uniforms.windowMu!.value = display.windowMu;
    uniforms.noiseSigma!.value = display.noiseSigma;
    uniforms.edgeGain!.value = display.edgeGain;
    uniforms.harmonization!.value = display.harmonization;
    uniforms.subtractionGain!.value = display.subtractionGain;
    uniforms.roadmapGain!.value = display.roadmapGain;
    uniforms.frameIndex!.value = frameIndex % 65536;
    this.quad.material = this.displayMaterial;
    this.renderer.setRenderTarget(null);
    this.renderer.render(this.quadScene, this.camera);
  }

  /** The current image (Σμx, no noise) becomes the mask that subtraction removes. */
  captureMask(): void {
    this.integrate();
    this.quad.material = this.sumMaterial;
    this.renderer.setRenderTarget(this.maskTarget);
    this.renderer.render(this.quadScene, this.camera);
  }

  /** Folds the current subtracted image into the roadmap's maximum-opacity vessel map. */
  accumulateRoadmap(): void {
    this.integrate();
    this.quad.material = this.subtractedMaterial;
    this.renderer.setRenderTarget(this.roadmapTarget);
    this.renderer.render(this.quadScene, this.camera);
  }

  clearRoadmap(): void {
    this.clearTarget(this.roadmapTarget);
  }

  /**
   * Σμx (no noise) at a pixel counted from the image's top-left, as of the last frame: the still
   * body's and what moves (vessels' contrast, devices). For probes and tests.
   */
  probe(xPx: number, yPx: number): { still: number; moving: number } {
    const still = new Float32Array(4);
    const moving = new Float32Array(4);
    const row = this.sizePx - 1 - Math.floor(yPx);
    this.renderer.readRenderTargetPixels(this.stillTarget, Math.floor(xPx), row, 1, 1, still);
    this.renderer.readRenderTargetPixels(this.movingTarget, Math.floor(xPx), row, 1, 1, moving);
    return { still: still[0]!, moving: moving[0]! };
  }

  dispose(): void {
    for (const mesh of [...this.stillMeshes, ...this.movingMeshes]) mesh.dispose();
    for (const target of [this.stillTarget, this.movingTarget, this.maskTarget, this.roadmapTarget]) target.dispose();
    this.sumMaterial.dispose();
    this.subtractedMaterial.dispose();
    this.displayMaterial.dispose();
    this.quad.geometry.dispose();
    this.renderer.dispose();
  }

  private integrate(): void {
    if (this.stillDirty) {
      for (const mesh of this.stillMeshes) mesh.sync();
      this.accumulate(this.stillScene, this.stillTarget);
      this.stillDirty = false;
    }
    this.accumulate(this.movingScene, this.movingTarget);
  }

  private accumulate(scene: Scene, target: WebGLRenderTarget): void {
    this.clearTarget(target);
    this.renderer.setRenderTarget(target);
    this.renderer.render(scene, this.camera);
  }

  private clearTarget(target: WebGLRenderTarget): void {
    this.renderer.setRenderTarget(target);
    this.renderer.setClearColor(0x000000, 0);
    this.renderer.clear(true, false, false);
  }
}

/** One attenuator set as an instanced draw whose instance attributes are the set's own arrays. */
class AttenuatorMesh {
  readonly mesh: Mesh;
  private readonly geometry: InstancedBufferGeometry;
  private readonly set: AttenuatorSet;
  private readonly transform: InstancedInterleavedBuffer;
  private readonly attributes: InstancedBufferAttribute[];

  constructor(set: AttenuatorSet, material: RawShaderMaterial) {
    this.set = set;
    // Every attenuator is drawn as its bounding box: the unit cube, mapped by its own transform.
    const unitCube = new BoxGeometry(2, 2, 2);
    const geometry = new InstancedBufferGeometry();
    geometry.index = unitCube.index;
    geometry.setAttribute('position', unitCube.getAttribute('position'));
    this.transform = new InstancedInterleavedBuffer(set.transform, 12, 1);
    geometry.setAttribute('axisX', new InterleavedBufferAttribute(this.transform, 3, 0));
    geometry.setAttribute('axisY', new InterleavedBufferAttribute(this.transform, 3, 3));
    geometry.setAttribute('axisZ', new InterleavedBufferAttribute(this.transform, 3, 6));
    geometry.setAttribute('origin', new InterleavedBufferAttribute(this.transform, 3, 9));
    this.attributes = [
      new InstancedBufferAttribute(set.muPerMm, 1),
      new InstancedBufferAttribute(set.shape, 1),
      new InstancedBufferAttribute(set.hollow, 3),
      new InstancedBufferAttribute(set.clip, 4),
    ];
    const names = ['muPerMm', 'shape', 'hollow', 'clipPlane'];
    this.attributes.forEach((attribute, i) => geometry.setAttribute(names[i]!, attribute));
    geometry.instanceCount = set.count;
    this.geometry = geometry;
    this.mesh = new Mesh(geometry, material);
    this.mesh.frustumCulled = false;
  }

  /** Uploads what the set holds now (its count may have changed). */
  sync(): void {
    this.geometry.instanceCount = this.set.count;
    this.transform.needsUpdate = true;
    for (const attribute of this.attributes) attribute.needsUpdate = true;
  }

  dispose(): void {
    this.geometry.dispose();
    (this.mesh.material as RawShaderMaterial).dispose();
  }
}

function replaceMeshes(
  scene: Scene,
  meshes: AttenuatorMesh[],
  sets: readonly AttenuatorSet[],
  uniforms: Record<string, IUniform>,
): void {
  for (const mesh of meshes) {
    scene.remove(mesh.mesh);
    mesh.dispose();
  }
  meshes.length = 0;
  for (const set of sets) {
    const material = new RawShaderMaterial({
      glslVersion: GLSL3,
      vertexShader: attenuationVertexShader,
      fragmentShader: attenuationFragmentShader,
      uniforms,
      side: BackSide,
      depthTest: false,
      depthWrite: false,
      transparent: true,
      blending: CustomBlending,
      blendEquation: AddEquation,
      blendSrc: OneFactor,
      blendDst: OneFactor,
    });
    const mesh = new AttenuatorMesh(set, material);
    meshes.push(mesh);
    scene.add(mesh.mesh);
  }
}
