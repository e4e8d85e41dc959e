// Public surface of the FreeCAD bridge.
export { FreeCadBridge, DEFAULT_PYTHON_DIR } from './bridge.js';
export { locateFreeCad, probeSandbox, defaultRuntimeRoot, parseFreeCadVersion, isSupportedVersion, SUPPORTED_SERIES } from './locate.js';
export { writeGlb, vertexNormals, type GlbOptions } from './glb.js';
export { readPreviewMesh, parsePreviewMesh, type PreviewMesh, type PreviewFace, type PreviewMeshHeader } from './mesh.js';
export { buildLaunch, DEFAULT_LIMITS, SANDBOX } from './sandbox.js';
export { classifyWorkerError, workerErrorToTezgah } from './protocol.js';
export type * from './types.js';
