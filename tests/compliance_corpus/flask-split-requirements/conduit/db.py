import os

from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

engine = create_engine(os.environ["CONDUIT_DB"], pool_pre_ping=True)
Session = sessionmaker(engine)
