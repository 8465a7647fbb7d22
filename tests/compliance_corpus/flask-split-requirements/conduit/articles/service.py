from conduit.articles import repository


def article_view(slug: str) -> dict[str, str] | None:
    article = repository.by_slug(slug)
    if article is None:
        return None
    return {"slug": article.slug, "title": article.title}
