import type { INodePropertyOptions, INodeProperties } from 'n8n-workflow';
import type { ZodType, ZodTypeDef } from 'zod';

export type RefType = 'AUTO' | 'IP' | 'ID' | 'STYLE';

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'bmp' | 'tiff' | 'gif';

/** What the node learned about one reference image before anything is sent. */
export interface ReferenceImage {
	/** 1-based position in the node's Reference Images list, for messages. */
	position: number;
	/** Where the user took it from, for messages: `binary property "data"` or `URL https://…`. */
	label: string;
	/** A remote http(s) URL the gateway fetches itself; absent when the bytes are here. */
	url?: string;
	/** Bytes read from a binary property or decoded from a `data:` URL. */
	bytes?: Buffer;
	/**
	 * Facts read from the header: of the bytes, or of a remote URL's first bytes when the URL
	 * was checked (absent when the check is off: then the gateway alone judges the image).
	 */
	format?: ImageFormat;
	width?: number;
	height?: number;
	/** A remote image's whole size, when its server said it. */
	byteSize?: number;
	/** Why the bytes are not the whole file their header announces (see images/sniff.ts). */
	truncated?: string;
	/** Why no image could be read: a missing binary property (`absent`), a data: URL that is not base64, a URL that answered no image. */
	unreadable?: { detail: string; absent?: boolean };
	refType: RefType;
}

/** Everything the user asked for in one item, before validation. */
export interface GenerationDraft {
	prompt: string;
	/** Only the options the user added to the Options collection for this model, camelCase. */
	options: Record<string, unknown>;
	images: ReferenceImage[];
}

/** The schema's verdict: the options to send (normalised) and advice that is not an error. */
export interface ValidatedRequest {
	options: Record<string, unknown>;
	warnings: string[];
}

export type ModelOptionProperty = Omit<INodeProperties, 'name' | 'displayOptions'> & {
	options?: INodePropertyOptions[];
};

export interface ModelOption {
	/** The node parameter's name inside the Options collection (the API field in camelCase). */
	name: string;
	/** Where the value goes inside `params`: `['sequential_image_generation_options', 'max_images']`. */
	field: readonly string[];
	property: ModelOptionProperty;
	/** Send this option, even at its default, whenever one of these options is sent (width and height go together). */
	sendWith?: readonly string[];
}

export interface ReferenceImageSupport {
	/**
	 * How the images travel: `image` is spark_dream_4_0's field (URLs and data URLs mixed,
	 * a string for one, an array for several); `urlsOrBase64` is the others' choice of
	 * `image_urls` or `binary_data_base64` (plain base64), never both.
	 */
	transport: 'image' | 'urlsOrBase64';
	/** Whether each image carries a reference type (`ref_type_list`). */
	refTypes: boolean;
	/** Shown under the Reference Images parameter. */
	hint: string;
}

export interface ModelDeclaration {
	id: string;
	displayName: string;
	/** One line: what the model is for. */
	description: string;
	/** The page's error table, code → text. */
	errorCodes: Readonly<Record<string, string>>;
	referenceImages?: ReferenceImageSupport;
	options: readonly ModelOption[];
	/**
	 * The page's constraints over a GenerationDraft (typed `unknown` in: expressions can put
	 * anything in a parameter); every issue carries the page's code (see validation/issues.ts).
	 */
	schema: ZodType<ValidatedRequest, ZodTypeDef, unknown>;
}
