// Search page enhancements; without this file the page works with plain GET forms.
// "Use my location": asks the browser for the resident's position and searches near it. The
// position is rounded to about 100 m before it goes into the URL (which can be shared).
(() => {
  const box = document.querySelector("[data-search-distance]");
  if (!box || !("geolocation" in navigator)) return;
  const form = box.closest("form");
  const locate = box.querySelector("[data-locate]");
  const button = box.querySelector("[data-locate-button]");
  const status = box.querySelector("[data-locate-status]");
  locate.hidden = false;

  const setHidden = (name, value) => {
    let input = form.querySelector(`input[type="hidden"][name="${name}"]`);
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  };

  button.addEventListener("click", () => {
    status.textContent = button.dataset.finding || "…";
    button.setAttribute("aria-disabled", "true");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setHidden("lat", position.coords.latitude.toFixed(3));
        setHidden("lon", position.coords.longitude.toFixed(3));
        setHidden("sort", "nearest");
        const near = form.querySelector('select[name="near"]');
        if (near) near.value = "";  // a chosen area would win over the position
        const km = form.querySelector('select[name="km"]');
        if (km && !km.value) km.value = "3";
        form.requestSubmit();
      },
      () => {
        button.removeAttribute("aria-disabled");
        status.textContent = button.dataset.failed || "";
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 },
    );
  });
})();
