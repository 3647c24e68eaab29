export { createPbxModel, PbxModel } from './model';
export type { ModelListener, PbxModelOptions } from './model';
export { PbxService, RESYNC_ACTIONS } from './pbx.service';
export { amiActionPort, type AmiActionPort } from './ami-action-port';
export type { AmiClientLink, AmiConnectionLink, PbxAmiLink, PbxServiceLogger, PbxServiceOptions } from './pbx.service';
