-- Each tracked object's best picture: the whole frame and the crop of its box, as JPEG files.
ALTER TABLE objects ADD COLUMN snapshot VARCHAR(1000);
ALTER TABLE objects ADD COLUMN crop VARCHAR(1000);
