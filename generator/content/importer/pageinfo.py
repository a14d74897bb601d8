"""What a web page puts around an article: publishing-info lines to drop, and lead-in markers that start the intro.

Publishing info is the page's, not the author's: `来源：新华网 2023-06-01 浏览次数：123`,
`Source: Xinhua | 2023-06-01`, `Editor: Li Ming`, `（责任编辑：张三）`, `当前位置：首页 > 新闻`,
`【字体：大 中 小】`, a bare `2023-06-01 10:20` time stamp. Lead-in markers (`导语：`,
`【编前语】`, `编者按：`, `Editor's note:`) say that what follows is the introduction.
"""

from __future__ import annotations

import re

from generator.content.importer.date_grammar import find_date

__all__ = ["is_dateline", "publishing_info", "split_lead_in"]

_ZH_KEYS = ("来源|稿源|信息来源|出处|作者|文|编辑|责任编辑|责编|编审|审核|审校|校对|终审|初审|发布时间|发布日期|发表时间|"
            "发稿时间|更新时间|时间|日期|浏览次数|浏览量|浏览|阅读次数|阅读量|阅读数|阅读|点击数|点击量|点击率|点击|访问量|"
            "字号|字体|分享到|分享|打印|关闭|关闭窗口|打印本页|收藏|供稿|通讯员|记者|摄影|图片|发布者|发布人|发布单位|"
            "所属栏目|栏目|当前位置|您的位置|您现在的位置|位置|关键词|标签|责任校对")
_EN_KEYS = ("source|sources|author|authors|by|editor|editors|edited by|posted|posted on|posted by|published|"
            "published on|published by|updated|last updated|date|time|views|view count|hits|reads|clicks|share|"
            "share this|print|font size|text size|tags|category|filed under|reporter|photo|photos|you are here")
_KEY = rf"(?:{_ZH_KEYS}|(?i:{_EN_KEYS}))"
_OPEN, _CLOSE = "（(【\\[［〔", "）)】\\]］〕"
_FIELD_START = re.compile(rf"^[{_OPEN}]?\s*{_KEY}\s*[:：]")
_FIELDS = re.compile(rf"(?:^|[\s|｜/·•,，]){_KEY}\s*[:：]")
_COUNTER = re.compile(r"(?:浏览|阅读|点击|访问)(?:(?:次数|量|数)\s*[:：]?|\s*[:：])\s*[0-9]+|"
                      r"^(?i:[0-9][0-9,]*\s+(?:views|reads|hits))$")
_BRACKETED_TOOLS = re.compile(rf"^(?:\s*[{_OPEN}]\s*(?:{_ZH_KEYS}|(?i:{_EN_KEYS}))[^{_CLOSE}]{{0,20}}[{_CLOSE}]\s*)+$")
_CRUMBS = re.compile(r"^(?:首页|主页|(?i:home))\s*(?:[>›»＞/]\s*[^>›»＞/]{1,20}){1,6}$")
_TIMESTAMP = re.compile(r"^[0-9]{4}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?$")
_BYLINE = re.compile(r"^(?i:by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*(?:[|｜,，]\s*.*)?$")
_DATELINE = re.compile(r"^[（(【\[]?\s*[\u4e00-\u9fff]{1,6}(?:社|网|报|台|电视台)[\u4e00-\u9fff]{0,4}.*[电讯][）)】\]]?$")
_SENTENCE_END = re.compile(r"[。！？!?]|\.(?:\s|$)")

_LEAD_ZH = "导语|导读|编者按|编前语|编者的话|编后语|编后|编后记|内容提要|提要|摘要|引言|前言|按语"
_LEAD_EN = "editor['’]?s['’]? note|note from the editor|introduction|summary|abstract|foreword|preface|lead"
_LEAD_RE = re.compile(rf"^\s*(?:[{_OPEN}]\s*(?P<b>{_LEAD_ZH}|(?i:{_LEAD_EN}))\s*[{_CLOSE}]\s*[:：]?|"
                      rf"(?P<k>{_LEAD_ZH}|(?i:{_LEAD_EN}))\s*[:：])\s*")
_EDITOR = re.compile(r"^\s*(?i:editor)\s*[:：]\s*")


def publishing_info(line: str) -> bool:
    """True for a line of the page's publishing information (source, time, views, editor, tools, breadcrumbs)."""
    text = line.strip()
    if not text or len(text) > 160:
        return False
    if _EDITOR.match(text) and not split_lead_in(text):
        return True
    if _CRUMBS.match(text) or _TIMESTAMP.match(text) or _BRACKETED_TOOLS.match(text):
        return True
    if _COUNTER.search(text) and len(text) <= 120:
        return True
    if _BYLINE.match(text) and len(text) <= 60:
        return True
    fields = len(_FIELDS.findall(text))
    if fields >= 2:
        return True
    if _FIELD_START.match(text):
        # `Source: Xinhua | 2023-06-01`, not `Source: the 2019 report shows that ... .`
        return len(text) <= 80 and not _SENTENCE_END.search(text.rstrip("。.)）】]"))
    return False


def is_dateline(line: str) -> bool:
    """A news agency's dateline standing alone: `（新华社2015年6月2日电）`, `新华社北京6月2日电`."""
    text = line.strip()
    return len(text) <= 40 and bool(_DATELINE.match(text)) and (find_date(text) is not None or "电" in text)


def split_lead_in(line: str) -> str | None:
    """The text after a lead-in marker (`导语：…` → `…`, `【编前语】` → ``), or None when the line has none.

    `Editor:` followed by a sentence is an editor's note; followed by a name it is publishing info.
    """
    m = _LEAD_RE.match(line)
    if m:
        return line[m.end():].strip()
    m = _EDITOR.match(line)
    if m:
        rest = line[m.end():].strip()
        if len(rest) > 40 or _SENTENCE_END.search(rest):
            return rest
    return None
