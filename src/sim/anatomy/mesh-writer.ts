/**
 * Triangle meshes as flat typed arrays, the form a renderer uploads as-is and a worker transfers
 * without copying: positions and normals x,y,z interleaved per vertex, three vertex indices per
 * triangle, counter-clockwise seen from outside (three.js front faces).
 */
export interface MeshData {
  positions: Float32Array;
  normals: Float32Array;
  indices: Uint32Array;
}

/** A growable vertex and index buffer; `finish` trims it to typed arrays of the exact size. */
export class MeshWriter {
  private positions = new Float32Array(3 * 1024);
  private normals = new Float32Array(3 * 1024);
  private indices = new Uint32Array(3 * 2048);
  vertexCount = 0;
  private indexCount = 0;

  /** Appends a vertex and returns its index. The normal is stored as given (callers normalise). */
  addVertex(x: number, y: number, z: number, nx: number, ny: number, nz: number): number {
    if (3 * this.vertexCount + 3 > this.positions.length) {
      this.positions = grown(this.positions);
      this.normals = grown(this.normals);
    }
    const at = 3 * this.vertexCount;
    this.positions[at] = x;
    this.positions[at + 1] = y;
    this.positions[at + 2] = z;
    this.normals[at] = nx;
    this.normals[at + 1] = ny;
    this.normals[at + 2] = nz;
    return this.vertexCount++;
  }

  addTriangle(a: number, b: number, c: number): void {
    if (this.indexCount + 3 > this.indices.length) this.indices = grown(this.indices);
    this.indices[this.indexCount++] = a;
    this.indices[this.indexCount++] = b;
    this.indices[this.indexCount++] = c;
  }

  /**
   * Joins two rings of `count` vertices each (starting at `from` and `to`, the same angular
   * order) into a band of quads. Rings go counter-clockwise about the direction from `from` to
   * `to`, so the quads face outward.
   */
  joinRings(from: number, to: number, count: number): void {
    for (let j = 0; j < count; j++) {
      const next = (j + 1) % count;
      this.addTriangle(from + j, from + next, to + j);
      this.addTriangle(from + next, to + next, to + j);
    }
  }

  /** Closes a ring with a fan to `pole`; `reversed` for a ring whose order runs the other way. */
  fanToPole(ring: number, count: number, pole: number, reversed: boolean): void {
    for (let j = 0; j < count; j++) {
      const next = (j + 1) % count;
      if (reversed) this.addTriangle(ring + next, ring + j, pole);
      else this.addTriangle(ring + j, ring + next, pole);
    }
  }

  finish(): MeshData {
    return {
      positions: this.positions.slice(0, 3 * this.vertexCount),
      normals: this.normals.slice(0, 3 * this.vertexCount),
      indices: this.indices.slice(0, this.indexCount),
    };
  }
}

function grown<T extends Float32Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** Concatenates meshes into one (index offsets adjusted). */
export function mergeMeshes(meshes: readonly MeshData[]): MeshData {
  let vertices = 0;
  let indices = 0;
  for (const mesh of meshes) {
    vertices += mesh.positions.length;
    indices += mesh.indices.length;
  }
  const merged: MeshData = {
    positions: new Float32Array(vertices),
    normals: new Float32Array(vertices),
    indices: new Uint32Array(indices),
  };
  let vertexOffset = 0;
  let indexOffset = 0;
  for (const mesh of meshes) {
    merged.positions.set(mesh.positions, vertexOffset);
    merged.normals.set(mesh.normals, vertexOffset);
    for (let i = 0; i < mesh.indices.length; i++) merged.indices[indexOffset + i] = mesh.indices[i]! + vertexOffset / 3;
    vertexOffset += mesh.positions.length;
    indexOffset += mesh.indices.length;
  }
  return merged;
}
