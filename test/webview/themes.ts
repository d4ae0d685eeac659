// The four theme kinds as a VS Code webview gets them: the body class and the --vscode-* variables. Values from VS
// Code's default themes (Light Modern, Dark Modern, Dark High Contrast, Light High Contrast) and its colour registry;
// the colours the registry leaves unset in high contrast (secondary button background, diff backgrounds) are absent
// here too, as they are in VS Code. The Git decoration colours are the git extension's defaults.
import type { Page } from 'playwright-core';

export type ThemeKind = 'light' | 'dark' | 'hc-dark' | 'hc-light';

export const THEMES: Record<ThemeKind, { bodyClass: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-editorWidget-background': '#f8f8f8',
      '--vscode-editorWidget-foreground': '#3b3b3b',
      '--vscode-editorError-foreground': '#e51400',
      '--vscode-editorWarning-foreground': '#bf8803',
      '--vscode-editorInfo-foreground': '#1a85ff',
      '--vscode-editorLineNumber-foreground': '#6e7681',
      '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-input-border': '#cecece',
      '--vscode-descriptionForeground': '#3b3b3b',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-charts-purple': '#652d90',
      '--vscode-diffEditor-insertedTextBackground': '#9ccc2c40',
      '--vscode-gitDecoration-addedResourceForeground': '#587c0c',
      '--vscode-gitDecoration-deletedResourceForeground': '#ad0707',
      '--vscode-gitDecoration-modifiedResourceForeground': '#895503',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-editorWidget-foreground': '#cccccc',
      '--vscode-editorError-foreground': '#f85149',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-editorInfo-foreground': '#3794ff',
      '--vscode-editorLineNumber-foreground': '#6e7681',
      '--vscode-sideBar-background': '#181818',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-diffEditor-insertedTextBackground': '#9ccc2c33',
      '--vscode-gitDecoration-addedResourceForeground': '#81b88b',
      '--vscode-gitDecoration-deletedResourceForeground': '#c74e39',
      '--vscode-gitDecoration-modifiedResourceForeground': '#e2c08d',
    },
  },
  'hc-dark': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-editorWidget-foreground': '#ffffff',
      '--vscode-editorError-foreground': '#f48771',
      '--vscode-editorWarning-foreground': '#ffd370',
      '--vscode-editorInfo-foreground': '#3794ff',
      '--vscode-editorLineNumber-foreground': '#ffffff',
      '--vscode-sideBar-background': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-focusBorder': '#f38518',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-gitDecoration-addedResourceForeground': '#a1e3ad',
      '--vscode-gitDecoration-deletedResourceForeground': '#c74e39',
      '--vscode-gitDecoration-modifiedResourceForeground': '#e2c08d',
    },
  },
  'hc-light': {
    bodyClass: 'vscode-high-contrast-light',
    vars: {
      '--vscode-editor-background': '#ffffff',
      '--vscode-editor-foreground': '#292929',
      '--vscode-contrastBorder': '#0f4a85',
      '--vscode-contrastActiveBorder': '#006bbd',
      '--vscode-editorWidget-background': '#ffffff',
      '--vscode-editorWidget-foreground': '#292929',
      '--vscode-editorError-foreground': '#b5200d',
      '--vscode-editorWarning-foreground': '#895503',
      '--vscode-editorInfo-foreground': '#1a85ff',
      '--vscode-editorLineNumber-foreground': '#292929',
      '--vscode-sideBar-background': '#ffffff',
      '--vscode-button-secondaryBackground': '#ffffff',
      '--vscode-button-secondaryForeground': '#292929',
      '--vscode-button-border': '#0f4a85',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#292929',
      '--vscode-input-border': '#0f4a85',
      '--vscode-descriptionForeground': '#292929b3',
      '--vscode-focusBorder': '#006bbd',
      '--vscode-textLink-foreground': '#0f4a85',
      '--vscode-charts-purple': '#652d90',
      '--vscode-gitDecoration-addedResourceForeground': '#374e06',
      '--vscode-gitDecoration-deletedResourceForeground': '#ad0707',
      '--vscode-gitDecoration-modifiedResourceForeground': '#895503',
    },
  },
};

/** What VS Code does in a webview on a theme change: the body class, and the variables on <html> (CSSOM). */
export async function applyTheme(page: Page, kind: ThemeKind): Promise<void> {
  const { bodyClass, vars } = THEMES[kind];
  await page.evaluate(
    ({ bodyClass, vars }) => {
      document.body.className = bodyClass;
      const style = document.documentElement.style;
      for (const name of [...style]) style.removeProperty(name);
      for (const [k, v] of Object.entries(vars)) style.setProperty(k, v);
    },
    { bodyClass, vars },
  );
}
