// Reads a chosen file into a form field before the form is sent, so plain url-encoded forms can carry a
// sealed personnel file, a plan (as text) or a JPEG portrait (as base64) without a multipart upload.
// <input type="file" data-fill-text="target-id">   → the file's text into #target-id
// <input type="file" data-fill-base64="target-id"> → the file's bytes, base64, into #target-id
(() => {
  for (const input of document.querySelectorAll(
    'input[type=file][data-fill-text], input[type=file][data-fill-base64]',
  )) {
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (!file) return;
      const asText = input.hasAttribute('data-fill-text');
      const target = document.getElementById(
        input.getAttribute(asText ? 'data-fill-text' : 'data-fill-base64'),
      );
      if (!target) return;
      const reader = new FileReader();
      reader.addEventListener('load', () => {
        const result = String(reader.result);
        // readAsDataURL gives `data:<type>;base64,<data>`: keep the data.
        target.value = asText ? result : result.slice(result.indexOf(',') + 1);
        target.dispatchEvent(new Event('input', { bubbles: true }));
      });
      if (asText) reader.readAsText(file);
      else reader.readAsDataURL(file);
    });
  }
})();
