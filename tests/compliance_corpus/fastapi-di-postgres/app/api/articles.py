from fastapi import APIRouter, HTTPException, Request

from app.core.use_cases.articles import ArticleNotFound

router = APIRouter()


@router.get("/articles/{slug}")
async def get_article(slug: str, request: Request) -> dict[str, object]:
    use_cases = request.app.state.container.articles()
    try:
        article = await use_cases.get(slug)
    except ArticleNotFound as exc:
        raise HTTPException(status_code=404, detail="article not found") from exc
    return {"article": {"slug": article.slug, "title": article.title, "body": article.body}}
