"""Language rules: the labels each language prints, and its tag in HTML, PDF and DOCX metadata."""

from __future__ import annotations

LABELS = {
    "en": {
        "discussion_questions": "Discussion questions", "notes": "Notes", "sign_in": "Sign-in sheet",
        "name": "Name", "department": "Department", "signature": "Signature", "no": "No.",
        "date": "Date", "time": "Time", "venue": "Venue", "host": "Host",
        "page_x_of_y": "Page {page} of {pages}", "issue": "Issue", "timeline": "Timeline",
        "excerpts": "Excerpts", "source": "Source", "intro": "Introduction",
        "scan_qr": "Scan for the full text",
        "sheet_x_of_y": "Sheet {sheet} of {sheets}", "full_text": "Full text in the study handout",
    },
    "zh": {
        "discussion_questions": "讨论题", "notes": "学习笔记", "sign_in": "签到表",
        "name": "姓名", "department": "部门", "signature": "签名", "no": "序号",
        "date": "日期", "time": "时间", "venue": "地点", "host": "主持人",
        "page_x_of_y": "第{page}页 共{pages}页", "issue": "第{issue}期", "timeline": "时间线",
        "excerpts": "摘编", "source": "出处", "intro": "导语",
        "scan_qr": "扫码阅读全文",
        "sheet_x_of_y": "第{sheet}张，共{sheets}张", "full_text": "全文见学习材料",
    },
}

HTML_LANG = {"en": "en", "zh": "zh-Hans"}


def html_lang(lang: str) -> str:
    return HTML_LANG.get(lang, lang)

# How an attribution is set in each language: the dash before it, and between its date and occasion.
DASH = {"en": "— ", "zh": "——"}
ATTRIBUTION_SEP = {"en": " · ", "zh": "，"}
# Between a label and its translation on a bilingual material ("讨论题 Discussion questions").
BILINGUAL_SEP = " "


def other_lang(lang: str) -> str:
    """presswork prints English and Chinese: the other one."""
    return "en" if lang == "zh" else "zh"


def bilingual_labels(lang: str) -> dict[str, str]:
    """Every label in `lang` first, then in the other language; page numbers once each."""
    first, second = LABELS[lang], LABELS[other_lang(lang)]
    joined = {key: f"{first[key]}{BILINGUAL_SEP}{second[key]}" for key in first}
    for key in ("page_x_of_y", "sheet_x_of_y"):
        joined[key] = f"{first[key]} · {second[key]}"
    return joined


def issue_label(lang: str, issue: str) -> str:
    if lang == "zh":
        return LABELS["zh"]["issue"].format(issue=issue)
    return f"{LABELS['en']['issue']} {issue}"
