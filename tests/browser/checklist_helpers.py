"""What the interactive checklist should show, computed from the items."""

import base64

from tools.checklist import categories, load_items

ITEMS = load_items()
IDS = [item.id for item in ITEMS]
KEY = "celery-tasks-checklist:/:v1"


def press(page, name: str) -> None:
    """Click a toolbar button, opening the menu it sits in first."""
    button = page.locator("#ctc-toolbar button", has_text=name)
    menu = page.locator("#ctc-toolbar details").filter(
        has=page.locator("button", has_text=name)
    )
    if not menu.evaluate("menu => menu.open"):
        menu.locator("summary").click()
    button.click()


def expected_markdown(
    site_url: str, name: str, done: set[str], notes: dict[str, str] | None = None
) -> str:
    lines = [f"# Celery task review: {name}", ""]
    lines.append(
        f"Done {len(done)} of {len(ITEMS)} items of the "
        f"[Celery Tasks Checklist]({site_url})."
    )
    for category, members in categories(ITEMS).items():
        lines += ["", f"## {category}", ""]
        for item in members:
            tick = "x" if item.id in done else " "
            lines.append(
                f"- [{tick}] [{item.title}]({site_url}{item.url}) ({item.priority})"
            )
            if (notes or {}).get(item.id):
                lines.append(f"  Note: {notes[item.id]}")
    return "\n".join(lines) + "\n"


def stored(page) -> str | None:
    return page.evaluate(f"localStorage.getItem({KEY!r})")


def store(page, value: str) -> None:
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, value])


def ticked(page) -> list[str]:
    return page.eval_on_selector_all(
        "input.ctc-check:checked", "boxes => boxes.map(b => b.dataset.id)"
    )


def brightness(page, locator) -> float:
    """Mean brightness (0 black to 1 white) of what the element looks like on
    screen: its pixels, as the browser painted them."""
    picture = base64.b64encode(locator.screenshot()).decode()
    return page.evaluate(
        """async (png) => {
          const image = new Image();
          image.src = "data:image/png;base64," + png;
          await image.decode();
          const canvas = document.createElement("canvas");
          canvas.width = image.width;
          canvas.height = image.height;
          const context = canvas.getContext("2d");
          context.drawImage(image, 0, 0);
          const pixels = context.getImageData(0, 0, image.width, image.height).data;
          let sum = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            sum += 0.2126 * pixels[i] + 0.7152 * pixels[i + 1] + 0.0722 * pixels[i + 2];
          }
          return sum / (pixels.length / 4) / 255;
        }""",
        picture,
    )
