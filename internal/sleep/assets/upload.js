// Progressive enhancement of the upload form: shows how far the files
// have been sent, which for a recording of 100 MB takes a while. Without
// this script the form posts as usual, and either way the status page
// then shows how far the processing is.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-upload-progress]");
  var bar = document.getElementById("upload-progress");
  var text = document.getElementById("upload-progress-text");
  if (!form || !bar || !text || !window.XMLHttpRequest || !window.FormData) { return; }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(100 * e.loaded / e.total);
        text.textContent = bar.value + "%";
      }
    };
    xhr.onload = function () {
      // Success is a redirect to the status page, which XHR has followed.
      if (xhr.status === 200 && xhr.responseURL && xhr.responseURL !== form.action) {
        window.location.assign(xhr.responseURL);
        return;
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
    };
    xhr.onerror = function () { form.submit(); };
    document.getElementById("upload-progress-field").hidden = false;
    form.querySelector("button[type=submit]").disabled = true;
    xhr.send(new FormData(form));
  });
});
