// The page's colour theme: the reader's saved choice, else the system preference; stored in
// localStorage and applied as <html data-theme>, which app.css keys all colours on.

export type Theme = 'light' | 'dark';

const storageKey = 'vserver-lab:theme';

function systemTheme(): Theme {
	return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function savedTheme(): Theme | null {
	try {
		const value = localStorage.getItem(storageKey);
		return value === 'light' || value === 'dark' ? value : null;
	} catch {
		return null;
	}
}

class ThemeState {
	/** The theme in force, whoever chose it. */
	current = $state<Theme>('light');
	/** True once the reader picked a theme; until then the system preference is followed. */
	chosen = $state(false);

	constructor() {
		// The inline script in the page may already have applied a saved or requested theme.
		const preset = document.documentElement.dataset.theme;
		const saved = savedTheme();
		this.chosen = preset === 'light' || preset === 'dark' || saved !== null;
		this.current = preset === 'light' || preset === 'dark' ? preset : (saved ?? systemTheme());
		matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
			if (!this.chosen) this.current = systemTheme();
		});
	}

	/** Applies `theme`; with `persist`, remembers it for the next visit. */
	set(theme: Theme, persist = true): void {
		this.current = theme;
		this.chosen = true;
		document.documentElement.dataset.theme = theme;
		if (!persist) return;
		try {
			localStorage.setItem(storageKey, theme);
		} catch {
			// Private modes may refuse storage: the choice then lasts for this page only.
		}
	}

	toggle(): void {
		this.set(this.current === 'dark' ? 'light' : 'dark');
	}
}

export const theme = new ThemeState();
