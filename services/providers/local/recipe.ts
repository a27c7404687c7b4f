/** The local provider speaks the engines' LocalRecipe port (each adapter's localRecipe()), declared in core. */
export type { LocalRecipe, NodeSettings, PrepareInput, SettingValue } from '../../core/engine-port';
