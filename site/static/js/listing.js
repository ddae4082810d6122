// Listing form and listing page: progressive enhancement only. Without this file the
// location is typed by hand and "Show on a map" is a plain link to the page with ?map=1.

// "Use my current location" fills the latitude and longitude boxes from the browser.
(() => {
  const box = document.querySelector("[data-geolocate]");
  if (!box || !("geolocation" in navigator)) return;
  const fields = box.closest("[data-location-fields]");
  const button = box.querySelector("[data-geolocate-button]");
  const status = box.querySelector("[data-geolocate-status]");
  const latitude = fields.querySelector('input[name="latitude"]');
  const longitude = fields.querySelector('input[name="longitude"]');
  if (!button || !latitude || !longitude) return;
  box.hidden = false;
  button.addEventListener("click", () => {
    status.textContent = status.dataset.locating;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        status.textContent = status.dataset.found;
        button.disabled = false;
      },
      () => {
        status.textContent = status.dataset.failed;
        button.disabled = false;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 },
    );
  });
})();

// "Show on a map" fetches this page with ?map=1 from our own server and shows its map,
// without reloading. Only then does the browser load the map tile from OpenStreetMap.
(() => {
  const link = document.querySelector("a[data-show-map]");
  if (!link) return;
  const placeholder = link.closest("[data-map-placeholder]");
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    link.setAttribute("aria-disabled", "true");
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const map = page.querySelector("[data-listing-map]");
      if (!map) throw new Error("no map");
      const shown = document.importNode(map, true);
      placeholder.replaceWith(shown);
      shown.focus();
    } catch {
      window.location.assign(link.href);
    }
  });
})();
