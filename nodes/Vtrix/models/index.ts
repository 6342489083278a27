import { sparkDream40 } from './sparkDream40';
import { sparkDreamo } from './sparkDreamo';
import { sparkI2i30 } from './sparkI2i30';
import { sparkMultiDreamo } from './sparkMultiDreamo';
import { sparkT2i30 } from './sparkT2i30';
import type { ModelDeclaration } from './types';

/** Every model the node offers, in the order the Model list shows them. */
export const MODELS: readonly ModelDeclaration[] = [sparkDream40, sparkT2i30, sparkI2i30, sparkDreamo, sparkMultiDreamo];

export function findModel(id: string): ModelDeclaration | undefined {
	return MODELS.find((model) => model.id === id);
}
