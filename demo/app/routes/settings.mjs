import { layout } from '../components/layout.mjs';
import { html } from '../html.mjs';
import { sendHtml } from '../http.mjs';
import { getSettings, THEMES } from '../store.mjs';

const THEME_LABELS = { system: 'Match my system', light: 'Light', dark: 'Dark' };

function settingsPage() {
  const settings = getSettings();
  return layout({
    title: 'Settings',
    current: '/settings',
    body: html`<h1>Settings</h1>
      <form class="panel form" id="settings-form" data-endpoint="/api/settings">
        <div class="check">
          <input
            id="digest"
            name="digest"
            type="checkbox"
            ${settings.digest ? html` checked` : ''}
          />
          <label for="digest">Email me a weekly digest</label>
        </div>
        <label for="theme">Theme</label>
        <select id="theme" name="theme">
          ${THEMES.map(
            (theme) =>
              html`<option value="${theme}" ${theme === settings.theme ? html` selected` : ''}>
                ${THEME_LABELS[theme]}
              </option>`,
          )}
        </select>
        <div class="toolbar">
          <button type="submit" class="button">Save settings</button>
          <button type="button" class="button button-danger" data-action="reset-settings">
            Reset settings
          </button>
        </div>
        <p role="status" class="status" id="form-status"></p>
      </form>`,
  });
}

export const routes = [
  {
    method: 'GET',
    path: '/settings',
    handler: ({ res }) => sendHtml(res, settingsPage()),
  },
];
