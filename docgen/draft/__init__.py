"""一键排版: a Word, Markdown or text draft written any way, read, recognised and laid out to the standard.

``read`` turns a file into lines and tables as typed; ``recognise`` finds the parts of a 公文 in
them (an outline); ``compose`` makes the document model of the outline; ``run`` formats a file
through the publish pipeline.
"""
