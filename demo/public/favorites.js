// The "Add to favourites" toggle on a note's page (added by the PR).

function render(button, favorite) {
  button.setAttribute('aria-pressed', String(favorite));
  const star = button.querySelector('.star');
  const label = button.querySelector('.favorite-label');
  if (star) star.textContent = favorite ? '★' : '☆';
  if (label) label.textContent = favorite ? 'In favourites' : 'Add to favourites';
}

async function save(button, noteId, favorite) {
  const status = document.getElementById('note-status');
  const response = await fetch('/api/favorites', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ noteId, favorite }),
  });
  if (!response.ok) {
    status.textContent = 'Could not update your favourites. Please try again.';
    return;
  }
  render(button, favorite);
  status.textContent = favorite ? 'Saved to favourites' : 'Taken out of favourites';
}

function onClick(event) {
  const button = event.currentTarget;
  const noteId = Number(button.dataset.noteId);
  const favorite = button.getAttribute('aria-pressed') !== 'true';
  save(button, noteId, favorite);
}

for (const button of document.querySelectorAll('.favorite-button')) {
  button.addEventListener('click', onClick);
}
