// Entry of the web studio. The workbench does the work; this file only boots it.
const root = document.querySelector('lf-studio');
if (root) root.textContent = 'Leanflow';
