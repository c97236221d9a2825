// Light or dark: follows the system (prefers-color-scheme) until the user picks one.

const KEY = 'layerscope.theme';

export class ThemeState {
  theme = $state<'light' | 'dark'>('light');

  constructor() {
    const saved = localStorage.getItem(KEY);
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    this.theme = saved === 'dark' || saved === 'light' ? saved : media.matches ? 'dark' : 'light';
    media.addEventListener('change', (e) => {
      if (!localStorage.getItem(KEY)) this.apply(e.matches ? 'dark' : 'light');
    });
    this.apply(this.theme);
  }

  toggle(): void {
    const next = this.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem(KEY, next);
    this.apply(next);
  }

  private apply(theme: 'light' | 'dark'): void {
    this.theme = theme;
    document.documentElement.dataset.theme = theme;
  }
}
