"""The web page's words in English and Simplified Chinese, and which language a request gets.

A request's language: `?ui=en|zh` (the switch in the header sets it as a cookie), else the
`presswork_ui` cookie, else the browser's Accept-Language (any zh* gives Chinese), else English.
Messages from presswork itself (`file:line: what (fix)`) stay as the CLI prints them.
"""

from __future__ import annotations

UI_LANGS = ("en", "zh")
COOKIE = "presswork_ui"

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "html_lang": "en",
        "other_lang": "zh", "other_lang_name": "中文",
        "nav_live": "Campaign preview", "nav_make": "Make a material", "nav_import": "Import an article",
        "live_title": "The campaign, as it prints",
        "live_hint": "Every material of presswork.toml. Edit a collection, presswork.toml, a template or a "
                     "theme and save: the pages update by themselves.",
        "status_ok": "Up to date", "status_rendering": "Rendering…",
        "status_error": "Failed: showing the last good pages",
        "problems_title": "presswork cannot read the campaign. The pages below are the last good ones.",
        "disconnected": "Lost the connection to presswork serve: retrying…",
        "no_materials": "Waiting for the first previews…",
        "pages_one": "1 page", "pages_many": "{n} pages", "page_n": "page {n}",
        "open_pdf": "PDF", "warnings": "Warnings",
        "step_excerpts": "1. Choose excerpts", "search": "Search", "search_placeholder": "Words in the text or source",
        "tag": "Tag", "any_tag": "Any tag", "since": "From", "until": "To",
        "collection": "Collection", "all_collections": "All collections",
        "no_results": "No excerpt matches.", "results": "{n} excerpts",
        "chosen": "Chosen", "chosen_none": "None chosen: a handout or bulletin then takes the whole collection.",
        "remove": "Remove", "has_pull": "pull quote",
        "step_material": "2. Kind, paper and look", "kind": "Kind",
        "kind_poster": "Poster", "kind_handout": "Study handout", "kind_bulletin": "Bulletin sheet",
        "size": "Paper size", "orientation": "Orientation", "portrait": "Portrait", "landscape": "Landscape",
        "theme": "Theme", "theme_default": "The campaign's", "language": "Language", "lang_auto": "The collection's", "lang_en": "English",
        "lang_zh": "Chinese", "bilingual": "Bilingual (with translations)",
        "pull": "Short pull quote, set large", "qr": "QR code link", "qr_placeholder": "https://…",
        "step_details": "3. Words on the page", "title": "Title", "org": "Organisation", "date": "Date line",
        "headline": "Headline", "footer": "Footer line",
        "meeting_date": "Meeting date", "time": "Time", "venue": "Venue", "host": "Chair",
        "sign_in": "Sign-in rows", "issue": "Issue", "slogan": "Slogan", "notes": "Space for notes",
        "columns": "Columns", "optional": "optional",
        "preview": "Preview", "preview_empty": "Choose an excerpt and a kind: the preview appears here.",
        "rendering": "Rendering the preview…",
        "download": "Download", "download_pdf": "PDF", "download_png": "PNG", "download_docx": "Word (DOCX)",
        "add_campaign": "Add to campaign", "added": "Added material '{name}' to presswork.toml.",
        "import_title": "Import an article into a new collection",
        "import_hint": "A .txt (UTF-8) or .docx article in the usual shape: a title line, an introduction, then "
                       "paragraphs each closed by a dated attribution line. Up to {mb} MB.",
        "choose_file": "Article file", "import_button": "Import",
        "imported": "Imported {n} excerpts into {file}.", "no_warnings": "The importer had no warnings.",
        "use_it": "Make a material from it",
        "import_campaign": "presswork.toml must now say which collection each material uses:",
        "error": "Something went wrong", "not_found": "There is no such page here.",
        "back": "Back to the campaign",
    },
    "zh": {
        "html_lang": "zh-Hans",
        "other_lang": "en", "other_lang_name": "English",
        "nav_live": "活动预览", "nav_make": "制作材料", "nav_import": "导入文章",
        "live_title": "本次活动的全部材料（打印效果）",
        "live_hint": "presswork.toml 中的每一份材料。修改内容文件、presswork.toml、模板或主题并保存后，页面会自动更新。",
        "status_ok": "已是最新", "status_rendering": "正在生成…", "status_error": "生成失败：显示上一次成功的页面",
        "problems_title": "无法读取活动配置。下方是上一次成功生成的页面。",
        "disconnected": "与 presswork serve 的连接已断开，正在重试…",
        "no_materials": "正在生成第一批预览…",
        "pages_one": "1 页", "pages_many": "{n} 页", "page_n": "第 {n} 页",
        "open_pdf": "PDF", "warnings": "提示",
        "step_excerpts": "1. 选择摘录", "search": "搜索", "search_placeholder": "正文或出处中的字词",
        "tag": "标签", "any_tag": "全部标签", "since": "起", "until": "止",
        "collection": "文集", "all_collections": "全部文集",
        "no_results": "没有符合条件的摘录。", "results": "共 {n} 条摘录",
        "chosen": "已选", "chosen_none": "未选择：学习材料和宣传栏将使用整个文集。",
        "remove": "移除", "has_pull": "短摘句",
        "step_material": "2. 类型、纸张与样式", "kind": "类型",
        "kind_poster": "海报", "kind_handout": "学习材料", "kind_bulletin": "宣传栏",
        "size": "纸张尺寸", "orientation": "方向", "portrait": "纵向", "landscape": "横向",
        "theme": "主题", "theme_default": "随活动", "language": "语言", "lang_auto": "随文集", "lang_en": "英文", "lang_zh": "中文",
        "bilingual": "双语（附译文）",
        "pull": "使用短摘句（大字）", "qr": "二维码链接", "qr_placeholder": "https://…",
        "step_details": "3. 页面文字", "title": "标题", "org": "单位", "date": "落款日期",
        "headline": "主标题", "footer": "页脚文字",
        "meeting_date": "会议日期", "time": "时间", "venue": "地点", "host": "主持人",
        "sign_in": "签到行数", "issue": "期号", "slogan": "标语", "notes": "留出笔记区",
        "columns": "栏数", "optional": "可选",
        "preview": "预览", "preview_empty": "选择摘录和类型后，预览会显示在这里。",
        "rendering": "正在生成预览…",
        "download": "下载", "download_pdf": "PDF", "download_png": "PNG", "download_docx": "Word（DOCX）",
        "add_campaign": "加入活动", "added": "已将材料“{name}”加入 presswork.toml。",
        "import_title": "导入文章，生成新文集",
        "import_hint": "常见格式的 .txt（UTF-8）或 .docx 文章：标题行、导语，然后是若干段落，每段以带日期的出处行结尾。最大 {mb} MB。",
        "choose_file": "文章文件", "import_button": "导入",
        "imported": "已导入 {n} 条摘录到 {file}。", "no_warnings": "导入没有提示。",
        "use_it": "用它制作材料",
        "import_campaign": "presswork.toml 中的材料现在需要注明所用文集：",
        "error": "出错了", "not_found": "这里没有这个页面。",
        "back": "返回活动预览",
    },
}


def ui_lang(query: str | None, cookie: str | None, accept: str | None) -> str:
    for choice in (query, cookie):
        if choice in UI_LANGS:
            return choice
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "en"
