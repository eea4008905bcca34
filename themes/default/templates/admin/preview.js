{#- Loaded by admin/index.html after the CMS: a file, not inline, so the admin page's
    Content-Security-Policy needs no 'unsafe-inline' for scripts. -#}
// Previews in the CMS use the portal's stylesheet, so a post looks as it will on the site.
CMS.registerPreviewStyle({{ url(path='/css/site.css') | quoted | safe }});

// Decap's translation of the form's language may lack a phrase (Vietnamese has no "Add %{item}"
// for a list's button, which then reads in English). The theme fills the ones it knows; a
// phrase Decap has is kept.
(function () {
  var lang = {{ lang | quoted | safe }};
  var phrases = CMS.getLocale && CMS.getLocale(lang);
  var widgets = phrases && phrases.editor && phrases.editor.editorWidgets;
  if (!widgets) return;
  widgets.list = Object.assign({ add: {{ t.cms_add_item | quoted | safe }} }, widgets.list);
  CMS.registerLocale(lang, phrases);
})();
