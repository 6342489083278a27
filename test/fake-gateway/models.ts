/** What the fake knows per model: error codes, and the image count and size a request asks for. */

export interface ModelFacts {
	missingPromptCode: string;
	internalErrorCode: string;
	/** t2i/i2i report token counts in usage; i2i also generated_images. */
	usageExtras: 'none' | 'tokens' | 'tokens-and-images';
	imageCount(params: Record<string, unknown>): number;
	imageSize(params: Record<string, unknown>): { width: number; height: number };
}

const DEFAULT_SIDE = 1328;

function one(): number {
	return 1;
}

function givenOr(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.round(value) : fallback;
}

function widthHeightOrDefault(params: Record<string, unknown>): { width: number; height: number } {
	return { width: givenOr(params.width, DEFAULT_SIDE), height: givenOr(params.height, DEFAULT_SIDE) };
}

/** spark_i2i_3_0 snaps its output to a multiple of 16 within [512, 1536]. */
export function snapI2iSide(side: number): number {
	return Math.min(1536, Math.max(512, Math.round(side / 16) * 16));
}

const DREAM_PRESETS: Record<string, number> = { '1K': 1024, '2K': 2048, '4K': 4096 };

function dreamSize(params: Record<string, unknown>): { width: number; height: number } {
	const size = typeof params.size === 'string' ? params.size.trim() : '';
	const preset = DREAM_PRESETS[size.toUpperCase()];
	if (preset) return { width: preset, height: preset };
	const custom = /^(\d+)\s*[xX*×]\s*(\d+)$/.exec(size);
	if (custom) return { width: Number(custom[1]), height: Number(custom[2]) };
	return { width: 2048, height: 2048 };
}

function dreamImageCount(params: Record<string, unknown>): number {
	if (params.sequential_image_generation !== 'auto') return 1;
	const options = params.sequential_image_generation_options as { max_images?: unknown } | undefined;
	return givenOr(options?.max_images, 3);
}

export const MODELS: Record<string, ModelFacts> = {
	spark_dream_4_0: {
		missingPromptCode: '003012002',
		internalErrorCode: '003012095',
		usageExtras: 'none',
		imageCount: dreamImageCount,
		imageSize: dreamSize,
	},
	spark_multi_dreamo: {
		missingPromptCode: '003013001',
		internalErrorCode: '003013095',
		usageExtras: 'none',
		imageCount: one,
		imageSize: widthHeightOrDefault,
	},
	spark_dreamo: {
		missingPromptCode: '003011001',
		internalErrorCode: '003011095',
		usageExtras: 'none',
		imageCount: one,
		imageSize: widthHeightOrDefault,
	},
	spark_t2i_3_0: {
		missingPromptCode: '003001001',
		internalErrorCode: '003001095',
		usageExtras: 'tokens',
		imageCount: one,
		imageSize: widthHeightOrDefault,
	},
	spark_i2i_3_0: {
		missingPromptCode: '003003001',
		internalErrorCode: '003003095',
		usageExtras: 'tokens-and-images',
		imageCount: one,
		imageSize: (params) => {
			const { width, height } = widthHeightOrDefault(params);
			return { width: snapI2iSide(width), height: snapI2iSide(height) };
		},
	},
};
