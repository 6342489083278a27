import { MEGABYTE } from '../validation/imageRules';

/**
 * The i2i 3.0 and both DreamO pages' "input images must meet": JPEG or PNG only, at most
 * 4.7 MB, at most 4096 * 4096.
 */
export const JPEG_PNG_UPLOADS = {
	formats: ['jpeg', 'png'] as const,
	maxBytes: 4.7 * MEGABYTE,
	maxSide: 4096,
};
