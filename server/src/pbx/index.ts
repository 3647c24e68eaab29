export { createPbxModel, PbxModel } from './model';
export type { ModelListener, PbxModelOptions } from './model';
export { PbxService, RESYNC_ACTIONS } from './pbx.service';
export type { PbxAmiLink, PbxServiceLogger, PbxServiceOptions } from './pbx.service';
