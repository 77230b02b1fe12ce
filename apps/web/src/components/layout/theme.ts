/** Where the chosen theme is remembered in the browser. */
export const THEME_STORAGE_KEY = 'tfbench-theme';

export type Theme = 'dark' | 'light';

/**
 * Runs in <head> before the first paint: applies a remembered light theme so the page never
 * flashes dark first. Dark is the default and is already in the server-rendered class list.
 * Kept as a string because it must run before React loads.
 */
export const THEME_BOOTSTRAP_SCRIPT = `(function(){try{var t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});if(t==='light'){document.documentElement.classList.remove('dark');}}catch(e){}})();`;

/** Applies and remembers a theme. */
export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

/** The theme currently on the page. */
export function currentTheme(): Theme {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}
