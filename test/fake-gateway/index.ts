export { FakeGateway } from './server';
export { startDemoGateway } from './demo';
export { imageSize, renderImage, type ImageSize, type RenderRequest } from './images';
export { snapI2iSide } from './models';
export type { TaskRecord } from './task';
export type {
	Fault,
	FaultQueues,
	GatewayOptions,
	ImageFormat,
	RecordedRequest,
	RequestKind,
	ScriptHook,
	TaskScript,
} from './types';
