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

// Dates. Decap's own `datetime` control rewrites the date on every key (decap-cms issue 7939):
// a year typed digit by digit passes through 0002, which it reads back as 1902, and the post is
// saved dated 1903 without a word. loa's dates are days written `YYYY-MM-DD`, which is what the
// browser's date input holds, so a date-only field gets that input with its value kept as
// typed. A year with a digit too many (20233) is kept too, and the field's `pattern` then
// refuses it in the editor's language instead of the CMS turning it into another date. Fields
// with a time keep Decap's control.
(function () {
  var decap = CMS.getWidget && CMS.getWidget('datetime');
  if (!decap || typeof createClass !== 'function' || typeof h !== 'function') return;
  var labels = { today: {{ t.cms_today | quoted | safe }}, clear: {{ t.cms_clear | quoted | safe }} };
  var pad = function (n) { return (n < 10 ? '0' : '') + n; };
  // A value as the date input takes it: a file's `2023-10-02`, a timestamp's day, or nothing.
  var day = function (value) {
    if (value instanceof Date) return isNaN(value) ? '' : value.toISOString().slice(0, 10);
    var m = /^\d{4,6}-\d\d-\d\d/.exec(value == null ? '' : String(value));
    return m ? m[0] : '';
  };
  var dateOnly = function (field) { return field && field.get('time_format') === false; };
  var button = { border: 0, borderRadius: '3px', padding: '2px 12px', background: '#dfdfe3',
    color: '#313d3e', fontSize: '12px', fontWeight: 700, cursor: 'pointer' };
  var Control = createClass({
    // Decap reads a UTC timestamp in front matter as a Date, which no pattern can match: the
    // field gets its day, which is all loa keeps of it.
    componentDidMount: function () {
      var p = this.props;
      if (dateOnly(p.field) && p.value instanceof Date) p.onChange(day(p.value));
    },
    render: function () {
      var p = this.props;
      if (!dateOnly(p.field)) return h(decap.control, p);
      var set = function (v) { return function () { p.onChange(v); }; };
      var now = new Date();
      var today = now.getFullYear() + '-' + pad(now.getMonth() + 1) + '-' + pad(now.getDate());
      return h('div', { className: p.classNameWrapper,
        style: { display: 'flex', gap: '20px', alignItems: 'center' } },
        h('input', { id: p.forID, type: 'date', value: day(p.value), disabled: p.isDisabled,
          onChange: function (e) { p.onChange(e.target.value); },
          onFocus: p.setActiveStyle, onBlur: p.setInactiveStyle }),
        p.isDisabled ? null : h('button', { type: 'button', style: button, onClick: set(today) }, labels.today),
        p.isDisabled ? null : h('button', { type: 'button', style: button, onClick: set('') }, labels.clear));
    },
  });
  var Preview = createClass({
    render: function () {
      var p = this.props;
      if (!dateOnly(p.field)) return h(decap.preview, p);
      return h('div', null, day(p.value));
    },
  });
  CMS.registerWidget('datetime', Control, Preview);
})();
