{#- Loaded by admin/index.html after the CMS: a file, not inline, so the admin page's
    Content-Security-Policy needs no 'unsafe-inline' for scripts. -#}
// Previews in the CMS use the portal's stylesheet, so a post looks as it will on the site.
CMS.registerPreviewStyle({{ url(path='/css/site.css') | quoted | safe }});
