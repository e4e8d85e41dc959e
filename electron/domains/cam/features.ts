// What the FreeCAD worker finds on a part before any toolpath (flows/cam_features.py): its box, the
// holes a drill can reach from above, pocket floors and the top faces. Parsed, never trusted as is.
// The schemas are the worker protocol's (freecad-bridge/src/flows.ts, the cam flow's analyse data).
export { Hole, PartFeatures, Pocket } from '../../../freecad-bridge/src/flows.js';
