// Conference pages: progressive enhancement only; every form works without JavaScript.
(function () {
  "use strict";

  // Registration form: passport details only when a visa invitation letter is needed.
  var visa = document.getElementById("id_needs_visa_letter");
  var visaDetails = document.getElementById("visa-details");
  if (visa && visaDetails) {
    var syncVisa = function () { visaDetails.hidden = !visa.checked; };
    visa.addEventListener("change", syncVisa);
    syncVisa();
  }

  // Badge print runs: reload while one is still being rendered.
  if (document.querySelector("[data-pending]")) {
    window.setTimeout(function () { window.location.reload(); }, 4000);
  }

  // Check-in: choosing a session reloads the page for it (counts and search follow).
  var checkinForm = document.getElementById("checkin-form");
  var sessionSelect = checkinForm && checkinForm.querySelector("select[name=session]");
  if (sessionSelect) {
    sessionSelect.addEventListener("change", function () {
      var url = new URL(window.location.href);
      url.search = sessionSelect.value ? "?session=" + encodeURIComponent(sessionSelect.value) : "";
      window.location.assign(url.toString());
    });
  }

  // Check-in: live counts from a small JSON endpoint.
  var counts = document.getElementById("live-counts");
  if (counts && window.fetch) {
    var refresh = function () {
      fetch(counts.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          Object.keys(data).forEach(function (key) {
            var el = counts.querySelector("[data-count=" + key + "]");
            if (el) { el.textContent = data[key]; }
          });
        })
        .catch(function () { /* offline for a moment: keep the last figures */ });
    };
    window.setInterval(refresh, 5000);
  }

  // Check-in: scan the badge's QR code with the phone camera (jsQR, served by the portal).
  var scanner = document.getElementById("scanner");
  var start = document.getElementById("scanner-start");
  var token = document.getElementById("id_token");
  if (scanner && start && token && navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.jsQR) {
    var video = document.getElementById("scanner-video");
    var canvas = document.getElementById("scanner-canvas");
    var status = document.getElementById("scanner-status");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    var stream = null;
    start.hidden = false;
    var stop = function () {
      if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    };
    var tick = function () {
      if (!stream) { return; }
      if (video.readyState === video.HAVE_ENOUGH_DATA) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        if (code && code.data) {
          stop();
          token.value = code.data;
          checkinForm.submit();
          return;
        }
      }
      window.requestAnimationFrame(tick);
    };
    start.addEventListener("click", function () {
      scanner.hidden = false;
      status.textContent = scanner.getAttribute("data-msg-looking");
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (s) {
          stream = s;
          video.srcObject = s;
          video.play();
          window.requestAnimationFrame(tick);
        })
        .catch(function () {
          status.textContent = scanner.getAttribute("data-msg-denied");
          token.focus();
        });
    });
    window.addEventListener("pagehide", stop);
  }
})();
