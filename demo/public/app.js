// Notebook's shared browser script: forms save through the JSON API and say so.

function formToJson(form) {
  const data = {};
  for (const element of form.elements) {
    if (!element.name) continue;
    data[element.name] = element.type === 'checkbox' ? element.checked : element.value;
  }
  return data;
}

async function postJson(url, data) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(data),
  });
  const body = await response.json().catch(() => ({}));
  return { ok: response.ok, body };
}

for (const form of document.querySelectorAll('form[data-endpoint]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = form.querySelector('[role="status"]');
    status.textContent = 'Saving…';
    const { ok, body } = await postJson(form.dataset.endpoint, formToJson(form));
    if (!ok) {
      status.textContent = `Could not save: ${body.error ?? 'please try again.'}`;
      status.classList.add('status-error');
      return;
    }
    status.classList.remove('status-error');
    status.textContent = 'Saved';
    if (body.id && body.title) {
      const link = document.createElement('a');
      link.href = `/notes/${body.id}`;
      link.textContent = `Open “${body.title}”`;
      status.append(' · ', link);
    }
  });
}

for (const button of document.querySelectorAll('[data-action="delete-note"]')) {
  button.addEventListener('click', async () => {
    const response = await fetch(`/api/notes/${button.dataset.noteId}`, { method: 'DELETE' });
    if (response.ok) window.location.assign('/notes');
  });
}

for (const button of document.querySelectorAll('[data-action="reset-settings"]')) {
  button.addEventListener('click', async () => {
    const { ok } = await postJson('/api/settings/reset', {});
    if (ok) window.location.reload();
  });
}
