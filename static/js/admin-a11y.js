/* Names for the controls the admin's libraries draw without one (axe: select-name,
 * nested-interactive, label, aria-input-field-name). Loaded after their scripts on every
 * admin of translated models (summits/admin_languages.py, TranslatedAdmin) and run once
 * the page has loaded, when the controls exist. No inline script: strict CSP.
 *
 * - modeltranslation's switch of every language tab at once, a bare <select> in the
 *   heading, gets the name our admin header carries (`data-switch-label`, translated).
 * - jQuery UI's tabs: each <li role="tab"> holds a focusable <a href="#panel">; the <li>
 *   is the keyboard's stop and names its panel (aria-controls), so the inner link loses
 *   its href and tabindex (not its click handler).
 * - Django's autocomplete (Select2) hides the <select> that has the name (its <label>, or
 *   the aria-label of an inline row's control) behind a combobox and a search field of
 *   its own that have none: they get the select's name. */
(function () {
  "use strict";

  function nameOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return select.getAttribute("aria-label") || (label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "");
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var name = nameOf(select);
      if (!container || !container.classList.contains("select2") || !name) {
        return;
      }
      var controls = ".select2-selection, .select2-selection__rendered[role=textbox], .select2-search__field";
      container.querySelectorAll(controls).forEach(function (control) {
        control.setAttribute("aria-label", name);
      });
    });
  }

  function nameControls() {
    var header = document.querySelector(".admin-language");
    var main = document.getElementById("modeltranslation-main-switch");
    if (main && header && header.dataset.switchLabel) {
      main.setAttribute("aria-label", header.dataset.switchLabel);
    }
    document.querySelectorAll(".ui-tabs-nav .ui-tabs-anchor").forEach(function (anchor) {
      anchor.removeAttribute("href");
      anchor.removeAttribute("tabindex");
    });
    nameAutocompletes(document);
    // A row added to an inline gets its autocomplete drawn then.
    document.addEventListener("formset:added", function (event) {
      window.setTimeout(function () { nameAutocompletes(event.target); }, 0);
    });
    document.documentElement.dataset.adminA11y = "done";
  }

  // Django's jQuery runs the ready handlers in the order they were given: after
  // modeltranslation's tabs and Django's autocompletes. A page without it (a change list
  // may load this first) has none of their controls: it is named once parsed.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(nameControls);
  } else {
    document.addEventListener("DOMContentLoaded", nameControls);
  }
})();
